package dev.extaudiences.core;

import dev.extaudiences.core.port.in.ListWebhooksUseCase;
import dev.extaudiences.core.port.in.ReadWebhookDeliveriesUseCase;
import dev.extaudiences.core.port.in.SubscribeWebhookUseCase;
import dev.extaudiences.core.port.in.UnsubscribeWebhookUseCase;
import java.util.Objects;

/** The use cases of webhook subscriptions, each by its own interface; present when the domain is built with them. */
public record WebhookUseCases(SubscribeWebhookUseCase subscribe, ListWebhooksUseCase list,
                              UnsubscribeWebhookUseCase unsubscribe, ReadWebhookDeliveriesUseCase deliveries) {

    public WebhookUseCases {
        Objects.requireNonNull(subscribe, "subscribe");
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(unsubscribe, "unsubscribe");
        Objects.requireNonNull(deliveries, "deliveries");
    }
}
