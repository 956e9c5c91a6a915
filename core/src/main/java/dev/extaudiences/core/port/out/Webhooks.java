package dev.extaudiences.core.port.out;

import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.webhook.EventType;
import dev.extaudiences.core.webhook.Subscription;
import dev.extaudiences.core.webhook.WebhookId;
import java.util.List;
import java.util.Optional;

/** Where webhook subscriptions are kept, scoped like everything else. */
public interface Webhooks {

    void add(Subscription subscription);

    Optional<Subscription> find(TenantScope scope, WebhookId id);

    /** The scope's subscriptions, oldest first. */
    List<Subscription> list(TenantScope scope);

    /** The scope's subscriptions that want events of {@code type}, oldest first. */
    List<Subscription> subscribedTo(TenantScope scope, EventType type);

    /** Removes the subscription; answers false when the scope has none of that id. */
    boolean remove(TenantScope scope, WebhookId id);
}
