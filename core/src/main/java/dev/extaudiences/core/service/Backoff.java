package dev.extaudiences.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait between attempts at something that must not be given up lightly (a run's outcome while the
 * database is unreachable): {@code first}, then twice as long each time up to {@code longest}, until the waits would
 * add up to more than {@code patience}. The waits go through {@code sleeper}, so that a test waits for nothing.
 */
public record Backoff(Duration first, Duration longest, Duration patience, Sleeper sleeper) {

    /** Waits; a test's sleeper moves its clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(longest, "longest");
        Objects.requireNonNull(patience, "patience");
        Objects.requireNonNull(sleeper, "sleeper");
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0 || patience.isNegative()) {
            throw new IllegalArgumentException("a backoff waits a positive time, never less than its first wait");
        }
    }

    /** Waits of 200 ms doubling up to 5 s, on the calling thread, for at most {@code patience} in all. */
    public static Backoff upTo(Duration patience) {
        return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), patience,
                pause -> Thread.sleep(pause.toMillis()));
    }

    /**
     * Runs {@code attempt} until it returns without throwing, waiting between tries; answers false when it gave up
     * (its patience spent, or its thread interrupted), leaving the last failure unthrown.
     */
    public boolean retry(Runnable attempt) {
        Waits waits = waits();
        while (true) {
            try {
                attempt.run();
                return true;
            } catch (RuntimeException failed) {
                if (!waits.next()) {
                    return false;
                }
            }
        }
    }

    /** The waits of one series of attempts, for a caller whose attempts fail in their own way. */
    public Waits waits() {
        return new Waits();
    }

    /** Each {@link #next} waits the next pause of the series. */
    public final class Waits {
        private Duration waited = Duration.ZERO;
        private Duration pause = first;

        private Waits() {
        }

        /** Waits before the next attempt; false, without waiting, once that would spend more than the patience. */
        public boolean next() {
            if (waited.plus(pause).compareTo(patience) > 0) {
                return false;
            }
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
            waited = waited.plus(pause);
            Duration doubled = pause.multipliedBy(2);
            pause = doubled.compareTo(longest) > 0 ? longest : doubled;
            return true;
        }
    }
}
