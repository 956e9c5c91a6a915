package dev.extaudiences.core.webhook;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/** One attempt at a delivery: its number (from 1), when, what came of it, and when the next one is due, if any. */
public record DeliveryAttempt(DeliveryId delivery, int number, Instant at, AttemptOutcome outcome,
                              Optional<Instant> nextAttemptAt) {

    public DeliveryAttempt {
        Objects.requireNonNull(delivery, "delivery");
        if (number < 1) {
            throw new IllegalArgumentException("attempts are numbered from 1");
        }
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(outcome, "outcome");
        nextAttemptAt = Objects.requireNonNull(nextAttemptAt, "nextAttemptAt").map(t -> t.truncatedTo(ChronoUnit.MILLIS));
        if (outcome.acknowledged() && nextAttemptAt.isPresent()) {
            throw new IllegalArgumentException("an acknowledged delivery is not attempted again");
        }
    }

    /** The state the delivery is in after this attempt. */
    public DeliveryState leaves() {
        if (outcome.acknowledged()) {
            return DeliveryState.DELIVERED;
        }
        return nextAttemptAt.isPresent() ? DeliveryState.PENDING : DeliveryState.GAVE_UP;
    }
}
