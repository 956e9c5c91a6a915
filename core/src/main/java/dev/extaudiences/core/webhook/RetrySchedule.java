package dev.extaudiences.core.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a failed delivery is attempted again: {@code first} after the first failure, twice as long after each further
 * one up to {@code longest}, and never later than {@code giveUpAfter} from the event's time; past that it is given up.
 * The default waits 10 s, 20 s, 40 s ... up to an hour between attempts, for 24 hours.
 */
public record RetrySchedule(Duration first, Duration longest, Duration giveUpAfter) {

    public static final RetrySchedule DEFAULT = new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1),
            Duration.ofHours(24));

    public RetrySchedule {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(longest, "longest");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("a retry schedule waits a positive time, never less than its first wait");
        }
    }

    /** The wait after the {@code failures}-th failed attempt (from 1). */
    public Duration wait(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("a wait follows a failure");
        }
        Duration wait = first;
        for (int i = 1; i < failures && wait.compareTo(longest) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(longest) > 0 ? longest : wait;
    }

    /**
     * When to try again after {@code failures} failed attempts, the last at {@code now}, of an event of
     * {@code eventAt}; empty once that would be later than the schedule allows: the delivery is given up.
     */
    public Optional<Instant> next(Instant eventAt, int failures, Instant now) {
        Instant next = now.plus(wait(failures));
        return next.isAfter(eventAt.plus(giveUpAfter)) ? Optional.empty() : Optional.of(next);
    }
}
