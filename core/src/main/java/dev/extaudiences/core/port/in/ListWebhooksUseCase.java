package dev.extaudiences.core.port.in;

import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.webhook.Subscription;
import java.util.List;

/** The subscriptions of one (org, sandbox), oldest first. */
public interface ListWebhooksUseCase {

    List<Subscription> webhooks(TenantScope scope);
}
