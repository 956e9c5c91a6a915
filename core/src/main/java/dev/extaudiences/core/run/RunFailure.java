package dev.extaudiences.core.run;

import java.util.Objects;

/** Why a run failed: a cause from a closed set, and a sentence a user can act on. */
public record RunFailure(Cause cause, String reason) {

    public enum Cause {
        /** The source held something the audience cannot take: a missing column, a missing path, an unreadable file. */
        SOURCE_DATA,
        /** A dependency failed: storage or database (502-class). */
        DEPENDENCY,
        /** The node running it stopped before it ended; its lease lapsed. */
        INTERRUPTED
    }

    public RunFailure {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(reason, "reason");
    }
}
