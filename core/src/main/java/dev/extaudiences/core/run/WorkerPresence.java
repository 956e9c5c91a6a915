package dev.extaudiences.core.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether any node executes runs, as the workers' heartbeats in the shared store tell it: a run started while no
 * worker is seen is accepted, and waits until one comes.
 */
public sealed interface WorkerPresence {

    /** A sentence an operator can act on, for a health check. */
    String detail();

    /** A worker was seen at {@code lastSeen}, recently enough to be executing runs. */
    record Seen(Instant lastSeen) implements WorkerPresence {
        public Seen {
            Objects.requireNonNull(lastSeen, "lastSeen");
        }

        @Override
        public String detail() {
            return "a worker was last seen at " + lastSeen;
        }
    }

    /** No worker seen for {@code silentFor} (since {@code lastSeen}), or never: runs started now wait. */
    record Silent(Optional<Instant> lastSeen, Optional<Duration> silentFor) implements WorkerPresence {
        public Silent {
            Objects.requireNonNull(lastSeen, "lastSeen");
            Objects.requireNonNull(silentFor, "silentFor");
        }

        @Override
        public String detail() {
            return silentFor.map(silence -> "no worker seen for " + silence.toSeconds() + " seconds")
                    .orElse("no worker has been seen: runs started now wait until a node executes them");
        }
    }

    /** What the last sighting says at {@code now}: silent when it is older than {@code silence}. */
    static WorkerPresence of(Optional<Instant> lastSeen, Instant now, Duration silence) {
        if (lastSeen.isPresent() && !lastSeen.get().isBefore(now.minus(silence))) {
            return new Seen(lastSeen.get());
        }
        return new Silent(lastSeen, lastSeen.map(seen -> Duration.between(seen, now)));
    }
}
