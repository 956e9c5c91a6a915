package dev.extaudiences.core.port.in;

import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.webhook.DeliveryLog;
import dev.extaudiences.core.webhook.WebhookId;
import java.util.List;

/** What became of a subscription's deliveries: each with its attempts, newest delivery first. */
public interface ReadWebhookDeliveriesUseCase {

    int MAX_LIMIT = 100;

    List<DeliveryLog> deliveries(TenantScope scope, WebhookId id, int limit);
}
