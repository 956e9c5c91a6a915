package dev.extaudiences.adapter.jdbi;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a call may wait on the database before it is given up as failed. A stopped database refuses at once; a
 * frozen one (paused processes, a half-open network path) answers nothing, so without a bound a caller would hang
 * for as long as it stays frozen. {@code call} bounds what a request or a run's bookkeeping does; {@code bulk} bounds
 * one statement of a run's staging or merge, which legitimately takes long on a big file; {@code health} bounds the
 * readiness check, which must answer faster than anything that waits behind it.
 */
public record JdbiTimeouts(Duration call, Duration bulk, Duration health) {

    public static final JdbiTimeouts DEFAULT =
            new JdbiTimeouts(Duration.ofSeconds(10), Duration.ofMinutes(15), Duration.ofSeconds(2));

    public JdbiTimeouts {
        for (Duration timeout : new Duration[] {call, bulk, health}) {
            if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()
                    || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a database timeout must be positive and under 24 days, was "
                        + timeout);
            }
        }
    }
}
