package dev.extaudiences.core.member;

/** What merging a run's staged members did to the audience's live membership. */
public record MergeOutcome(long added, long updated, long removed) {

    public MergeOutcome {
        if (added < 0 || updated < 0 || removed < 0) {
            throw new IllegalArgumentException("merge counts must not be negative");
        }
    }
}
