package dev.extaudiences.core.member;

/**
 * What merging a run's staged members did to the audience's live membership, and how many staged members were
 * duplicates (an identity staged again in the same run: the last one staged won).
 */
public record MergeOutcome(long added, long updated, long removed, long duplicates) {

    public MergeOutcome {
        if (added < 0 || updated < 0 || removed < 0 || duplicates < 0) {
            throw new IllegalArgumentException("merge counts must not be negative");
        }
    }
}
