package dev.extaudiences.core.run;

import dev.extaudiences.core.tenant.UserId;
import java.util.Objects;

/** Why a run failed: a cause from a closed set, and a sentence a user can act on. */
public record RunFailure(Cause cause, String reason) {

    public enum Cause {
        /** The source held something the audience cannot take: a missing column, a missing path, an unreadable file. */
        SOURCE_DATA,
        /** A dependency failed: storage or database (502-class). */
        DEPENDENCY,
        /** The node running it stopped before it ended; its lease lapsed. */
        INTERRUPTED,
        /** A caller cancelled it while it was in progress. */
        CANCELLED
    }

    public RunFailure {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(reason, "reason");
    }

    /** The failure of a run {@code by} cancelled: the reason names who, since any caller of the scope may cancel. */
    public static RunFailure cancelledBy(UserId by) {
        return new RunFailure(Cause.CANCELLED, "cancelled by " + by.value());
    }
}
