package dev.extaudiences.core.webhook;

import java.util.List;
import java.util.Objects;

/** A delivery with every attempt made at it, oldest first: what a subscriber reads to see what happened. */
public record DeliveryLog(Delivery delivery, List<DeliveryAttempt> attempts) {

    public DeliveryLog {
        Objects.requireNonNull(delivery, "delivery");
        attempts = List.copyOf(attempts);
    }
}
