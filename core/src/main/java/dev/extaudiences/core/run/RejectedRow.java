package dev.extaudiences.core.run;

import java.util.Objects;

/** A sample of a row a run rejected: where it was (file, line, and the part of the row) and why. */
public record RejectedRow(String file, long line, RowPart part, String reason) {

    /** A run keeps at most this many samples; the counts say how many rows there were in all. */
    public static final int MAX_SAMPLES = 100;

    public RejectedRow {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(reason, "reason");
        if (line < 1) {
            throw new IllegalArgumentException("lines are counted from 1");
        }
    }
}
