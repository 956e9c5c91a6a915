package dev.extaudiences.core.webhook;

import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One event on its way to one subscription: the body exactly as it is posted and signed on every attempt, the group it
 * is ordered in, and where it stands. A new delivery is pending, due at once, with no attempt made.
 */
public record Delivery(DeliveryId id, WebhookId subscription, TenantScope scope, String orderingKey, EventId eventId,
                       EventType eventType, String body, Instant createdAt, DeliveryState state, int attempts,
                       Instant nextAttemptAt) {

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(orderingKey, "orderingKey");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(body, "body");
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(state, "state");
        nextAttemptAt = Objects.requireNonNull(nextAttemptAt, "nextAttemptAt").truncatedTo(ChronoUnit.MILLIS);
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
    }

    public static Delivery of(DeliveryId id, Subscription to, WebhookEvent event, String body) {
        return new Delivery(id, to.id(), to.scope(), event.orderingKey(), event.id(), event.type(), body, event.at(),
                DeliveryState.PENDING, 0, event.at());
    }

    /** This delivery once {@code attempt} is recorded. */
    public Delivery after(DeliveryAttempt attempt) {
        if (!attempt.delivery().equals(id) || attempt.number() != attempts + 1) {
            throw new IllegalArgumentException("attempt " + attempt.number() + " of " + attempt.delivery()
                    + " does not follow attempt " + attempts + " of " + id);
        }
        return new Delivery(id, subscription, scope, orderingKey, eventId, eventType, body, createdAt,
                attempt.leaves(), attempts + 1, attempt.nextAttemptAt().orElse(nextAttemptAt));
    }
}
