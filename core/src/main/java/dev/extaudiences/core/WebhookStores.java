package dev.extaudiences.core;

import dev.extaudiences.core.port.out.WebhookDeliveries;
import dev.extaudiences.core.port.out.Webhooks;
import java.util.Objects;

/** The subscriptions and the outbox of deliveries, from one adapter, beside its {@link Stores}. */
public record WebhookStores(Webhooks webhooks, WebhookDeliveries deliveries) {

    public WebhookStores {
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(deliveries, "deliveries");
    }
}
