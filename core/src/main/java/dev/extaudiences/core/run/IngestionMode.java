package dev.extaudiences.core.run;

/**
 * How a run's rows meet the audience's membership: a differential run upserts what it read, a full run replaces the
 * membership with exactly what it read.
 */
public enum IngestionMode {
    DIFFERENTIAL,
    FULL
}
