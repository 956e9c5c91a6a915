package dev.extaudiences.core.port.out;

import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.webhook.Delivery;
import dev.extaudiences.core.webhook.DeliveryAttempt;
import dev.extaudiences.core.webhook.DeliveryLog;
import dev.extaudiences.core.webhook.WebhookId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The outbox of webhook deliveries and the log of their attempts. Deliveries of one subscription with one ordering
 * key form a queue, in the order they were added: only its oldest pending delivery is ever claimable, so that a later
 * event of an audience is never sent before an earlier one is delivered or given up.
 */
public interface WebhookDeliveries {

    /** Stores new pending deliveries, in this order, after every delivery stored before them. */
    void add(List<Delivery> deliveries);

    /**
     * Claims for {@code worker}, until {@code leaseUntil}, at most {@code limit} pending deliveries that are due at
     * {@code now} (their next attempt not after it), are not leased (or their lease ended before {@code now}) and are
     * the oldest pending one of their queue; oldest first. A delivery is claimed by one worker at a time, whichever
     * node asks; once its lease has ended it can be claimed again (at least once, never lost).
     */
    default List<Delivery> claimDue(Instant now, String worker, Instant leaseUntil, int limit) {
        return claimDue(now, worker, leaseUntil, limit, Set.of());
    }

    /**
     * Claims as {@link #claimDue(Instant, String, Instant, int)} does, passing over every delivery of the {@code busy}
     * subscriptions: a node sends no more at a time to one receiver than it allows, so that one that hangs cannot
     * hold every sender.
     */
    List<Delivery> claimDue(Instant now, String worker, Instant leaseUntil, int limit, Set<WebhookId> busy);

    /**
     * Records an attempt at a delivery {@code worker} claimed, moves the delivery to the state the attempt leaves it
     * in and releases the lease, atomically. Answers false, changing nothing, when the delivery is no longer leased
     * to {@code worker} (another worker claimed it since, or it is gone), so that the other worker's outcome stands.
     */
    boolean record(DeliveryAttempt attempt, String worker);

    /** The subscription's deliveries with their attempts, newest first, at most {@code limit}. */
    List<DeliveryLog> log(TenantScope scope, WebhookId subscription, int limit);

    /** Removes every delivery of the subscription, and their attempts. */
    void removeAll(TenantScope scope, WebhookId subscription);
}
