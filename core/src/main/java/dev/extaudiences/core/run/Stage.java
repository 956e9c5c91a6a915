package dev.extaudiences.core.run;

/** The two stages of every run, in the order they happen. */
public enum Stage {
    /** Files are selected and read, rows validated and landed. */
    DATASET_INGEST,
    /** Accepted rows are written to the profile store as members. */
    PROFILE_STORE_INGEST
}
