package dev.extaudiences.core.member;

/**
 * What merging a run's staged members did to the audience's live membership, and how many staged members were
 * duplicates (an identity staged again in the same run: the last one staged won).
 *
 * <p>{@code collapsed}: how many staged rows were collapsed by normalisation. A staged row (one identity of an
 * accepted source row) is collapsed by normalisation when its identity was normalised to a different string (it has
 * a {@link StagedMember#spelling()}: white space alone does not count) and that identity (namespace and stored value)
 * is also the identity of a member that was live before the merge, or of another row staged by the same run in a
 * different spelling (its written form, or another one). Rows of one spelling collapse whatever the rules, so they do
 * not count on that ground alone. It is counted by the store over every row staged, before duplicates are dropped;
 * it is never more than the staged rows ({@code added + updated + duplicates}).
 */
public record MergeOutcome(long added, long updated, long removed, long duplicates, long collapsed) {

    /** What a merge did when no staged row was collapsed by normalisation. */
    public MergeOutcome(long added, long updated, long removed, long duplicates) {
        this(added, updated, removed, duplicates, 0);
    }

    public MergeOutcome {
        if (added < 0 || updated < 0 || removed < 0 || duplicates < 0 || collapsed < 0) {
            throw new IllegalArgumentException("merge counts must not be negative");
        }
        if (collapsed > added + updated + duplicates) {
            throw new IllegalArgumentException("a merge collapses at most the rows it staged");
        }
    }
}
