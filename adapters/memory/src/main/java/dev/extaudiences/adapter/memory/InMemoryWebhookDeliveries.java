package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.port.out.WebhookDeliveries;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.webhook.Delivery;
import dev.extaudiences.core.webhook.DeliveryAttempt;
import dev.extaudiences.core.webhook.DeliveryId;
import dev.extaudiences.core.webhook.DeliveryLog;
import dev.extaudiences.core.webhook.DeliveryState;
import dev.extaudiences.core.webhook.WebhookId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The outbox in a map kept in the order deliveries were added: that order is each queue's order. */
public final class InMemoryWebhookDeliveries implements WebhookDeliveries {

    private static final class Entry {
        Delivery delivery;
        String leaseOwner;
        Instant leaseUntil;
        final List<DeliveryAttempt> attempts = new ArrayList<>();

        Entry(Delivery delivery) {
            this.delivery = delivery;
        }
    }

    private record Queue(TenantScope scope, WebhookId subscription, String orderingKey) {
        static Queue of(Delivery delivery) {
            return new Queue(delivery.scope(), delivery.subscription(), delivery.orderingKey());
        }
    }

    private final Map<DeliveryId, Entry> entries = new LinkedHashMap<>();

    @Override
    public synchronized void add(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            if (entries.containsKey(delivery.id())) {
                throw new IllegalStateException("delivery " + delivery.id() + " already exists");
            }
        }
        deliveries.forEach(delivery -> entries.put(delivery.id(), new Entry(delivery)));
    }

    @Override
    public synchronized List<Delivery> claimDue(Instant now, String worker, Instant leaseUntil, int limit,
                                                Set<WebhookId> busy) {
        List<Delivery> claimed = new ArrayList<>();
        Set<Queue> seen = new HashSet<>();
        for (Entry entry : entries.values()) {
            if (claimed.size() >= limit) {
                break;
            }
            Delivery delivery = entry.delivery;
            if (busy.contains(delivery.subscription())) {
                continue;
            }
            if (delivery.state() != DeliveryState.PENDING || !seen.add(Queue.of(delivery))) {
                continue; // only the oldest pending delivery of a queue is a candidate
            }
            boolean leased = entry.leaseUntil != null && !entry.leaseUntil.isBefore(now);
            if (!delivery.nextAttemptAt().isAfter(now) && !leased) {
                entry.leaseOwner = worker;
                entry.leaseUntil = leaseUntil;
                claimed.add(delivery);
            }
        }
        return claimed;
    }

    @Override
    public synchronized boolean record(DeliveryAttempt attempt, String worker) {
        Entry entry = entries.get(attempt.delivery());
        if (entry == null || !Objects.equals(entry.leaseOwner, worker)) {
            return false;
        }
        entry.delivery = entry.delivery.after(attempt);
        entry.attempts.add(attempt);
        entry.leaseOwner = null;
        entry.leaseUntil = null;
        return true;
    }

    @Override
    public synchronized List<DeliveryLog> log(TenantScope scope, WebhookId subscription, int limit) {
        List<DeliveryLog> logs = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry.delivery.scope().equals(scope) && entry.delivery.subscription().equals(subscription)) {
                logs.add(0, new DeliveryLog(entry.delivery, entry.attempts));
            }
        }
        return List.copyOf(logs.subList(0, Math.min(limit, logs.size())));
    }

    @Override
    public synchronized void removeAll(TenantScope scope, WebhookId subscription) {
        entries.values().removeIf(entry -> entry.delivery.scope().equals(scope)
                && entry.delivery.subscription().equals(subscription));
    }
}
