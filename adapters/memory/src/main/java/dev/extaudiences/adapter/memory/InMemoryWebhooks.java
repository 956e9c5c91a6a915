package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.port.out.Webhooks;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.webhook.EventType;
import dev.extaudiences.core.webhook.Subscription;
import dev.extaudiences.core.webhook.WebhookId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Webhook subscriptions in a map, in the order they were added. */
public final class InMemoryWebhooks implements Webhooks {

    private record Key(TenantScope scope, WebhookId id) {
    }

    private final Map<Key, Subscription> subscriptions = new LinkedHashMap<>();

    @Override
    public synchronized void add(Subscription subscription) {
        if (subscriptions.putIfAbsent(new Key(subscription.scope(), subscription.id()), subscription) != null) {
            throw new IllegalStateException("webhook " + subscription.id() + " already exists");
        }
    }

    @Override
    public synchronized Optional<Subscription> find(TenantScope scope, WebhookId id) {
        return Optional.ofNullable(subscriptions.get(new Key(scope, id)));
    }

    @Override
    public synchronized List<Subscription> list(TenantScope scope) {
        return subscriptions.values().stream().filter(subscription -> subscription.scope().equals(scope)).toList();
    }

    @Override
    public synchronized List<Subscription> subscribedTo(TenantScope scope, EventType type) {
        return list(scope).stream().filter(subscription -> subscription.wants(type)).toList();
    }

    @Override
    public synchronized boolean remove(TenantScope scope, WebhookId id) {
        return subscriptions.remove(new Key(scope, id)) != null;
    }
}
