package dev.extaudiences.core.service;

import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.ResourceKind;
import dev.extaudiences.core.port.in.ListWebhooksUseCase;
import dev.extaudiences.core.port.in.ReadWebhookDeliveriesUseCase;
import dev.extaudiences.core.port.in.SubscribeWebhookUseCase;
import dev.extaudiences.core.port.in.UnsubscribeWebhookUseCase;
import dev.extaudiences.core.port.out.Ids;
import dev.extaudiences.core.port.out.WebhookDeliveries;
import dev.extaudiences.core.port.out.Webhooks;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.webhook.DeliveryLog;
import dev.extaudiences.core.webhook.NewSubscription;
import dev.extaudiences.core.webhook.Subscription;
import dev.extaudiences.core.webhook.WebhookId;
import dev.extaudiences.core.webhook.WebhookSecret;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** Subscribes, lists, unsubscribes, and reads what became of a subscription's deliveries. */
public final class WebhookSubscriptionService implements SubscribeWebhookUseCase, ListWebhooksUseCase,
        UnsubscribeWebhookUseCase, ReadWebhookDeliveriesUseCase {

    private final Webhooks webhooks;
    private final WebhookDeliveries deliveries;
    private final Ids ids;
    private final Clock clock;

    public WebhookSubscriptionService(Webhooks webhooks, WebhookDeliveries deliveries, Ids ids, Clock clock) {
        this.webhooks = Objects.requireNonNull(webhooks);
        this.deliveries = Objects.requireNonNull(deliveries);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Subscription subscribe(Caller caller, NewSubscription request) {
        Objects.requireNonNull(request, "request");
        Subscription subscription = new Subscription(new WebhookId(ids.next()), caller.scope(), request.url(),
                request.events(), WebhookSecret.generate(), new Stamp(caller.user(), clock.instant()));
        webhooks.add(subscription);
        return subscription;
    }

    @Override
    public List<Subscription> webhooks(TenantScope scope) {
        return webhooks.list(scope);
    }

    @Override
    public void unsubscribe(TenantScope scope, WebhookId id) {
        if (!webhooks.remove(scope, id)) {
            throw DomainException.notFound(ResourceKind.WEBHOOK, id.value());
        }
        // after the subscription: a delivery claimed meanwhile finds it gone and is not sent again
        deliveries.removeAll(scope, id);
    }

    @Override
    public List<DeliveryLog> deliveries(TenantScope scope, WebhookId id, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DomainException.invalid("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        webhooks.find(scope, id).orElseThrow(() -> DomainException.notFound(ResourceKind.WEBHOOK, id.value()));
        return deliveries.log(scope, id, limit);
    }
}
