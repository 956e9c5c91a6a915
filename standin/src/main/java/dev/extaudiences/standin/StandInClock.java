package dev.extaudiences.standin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The stand-in server's clock: it runs with real time, and a test moves it forward by hand ({@link #advance}) to make
 * members expire or a new guardrail day begin without waiting. It never goes back, as the server's own clock would
 * not. Thread-safe.
 */
public final class StandInClock extends Clock {

    private final Clock real;
    private volatile Duration offset;

    StandInClock(Clock real, Instant start) {
        this.real = Objects.requireNonNull(real);
        this.offset = Duration.between(real.instant(), start);
    }

    /** Moves the clock forward by {@code step} (TTL days, a guardrail day); a negative step is refused. */
    public synchronized void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("the stand-in's clock only moves forward, was asked to move " + step);
        }
        offset = offset.plus(step);
    }

    @Override
    public Instant instant() {
        return real.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
