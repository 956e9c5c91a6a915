package dev.extaudiences.core.run;

/** Where one stage of a run stands. */
public enum StageStatus {
    PENDING,
    PROCESSING,
    SUCCESS,
    FAILED,
    /** The stage will never run: an earlier stage failed, or the audience does not ingest into the profile store. */
    SKIPPED;

    public boolean isTerminal() {
        return this == SUCCESS || this == FAILED || this == SKIPPED;
    }
}
