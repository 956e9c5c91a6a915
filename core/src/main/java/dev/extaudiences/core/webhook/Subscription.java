package dev.extaudiences.core.webhook;

import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.Objects;
import java.util.Set;

/** A subscription of one (org, sandbox) to some of its events, posted to one URL and signed with its secret. */
public record Subscription(WebhookId id, TenantScope scope, WebhookUrl url, Set<EventType> events,
                           WebhookSecret secret, Stamp created) {

    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(created, "created");
        events = Set.copyOf(new NewSubscription(url, events).events());
    }

    public boolean wants(EventType type) {
        return events.contains(type);
    }
}
