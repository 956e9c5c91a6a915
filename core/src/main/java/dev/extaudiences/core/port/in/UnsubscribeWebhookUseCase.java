package dev.extaudiences.core.port.in;

import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.webhook.WebhookId;

/** Ends a subscription and drops its deliveries not yet made; a subscription of another scope is not found. */
public interface UnsubscribeWebhookUseCase {

    void unsubscribe(TenantScope scope, WebhookId id);
}
