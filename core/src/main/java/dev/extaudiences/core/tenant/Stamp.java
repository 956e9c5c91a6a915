package dev.extaudiences.core.tenant;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** Who did something and when, to the millisecond: finer than the wire's epoch seconds so that order within a second survives, coarse enough for every database to keep exactly. */
public record Stamp(UserId by, Instant at) {

    public Stamp {
        Objects.requireNonNull(by, "by");
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
    }
}
