package dev.extaudiences.core.service;

import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.port.out.Ids;
import dev.extaudiences.core.port.out.WebhookBodies;
import dev.extaudiences.core.port.out.WebhookDeliveries;
import dev.extaudiences.core.port.out.Webhooks;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.webhook.Delivery;
import dev.extaudiences.core.webhook.DeliveryId;
import dev.extaudiences.core.webhook.EventId;
import dev.extaudiences.core.webhook.Subscription;
import dev.extaudiences.core.webhook.WebhookEvent;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Puts an event in the outbox, one delivery per subscription that wants it, right after the state change it tells of
 * has been stored (told by {@link EndAnnouncer}). The outbox write is retried while the store refuses it; a crash
 * between the state change and this write loses that event (at most once for it, never a false one: an event is only
 * written for a change that was stored). It never throws: an event is no reason to fail what it tells of.
 */
public final class WebhookPublisher {

    private static final System.Logger LOG = System.getLogger(WebhookPublisher.class.getName());

    private final Webhooks webhooks;
    private final WebhookDeliveries deliveries;
    private final WebhookBodies bodies;
    private final Ids ids;
    private final Clock clock;
    private final Backoff retry;
    private final Runnable published;

    /**
     * @param retry     how the outbox write is tried again while the store refuses it
     * @param published told after deliveries were added, so that they go out without waiting for a poll
     */
    public WebhookPublisher(Webhooks webhooks, WebhookDeliveries deliveries, WebhookBodies bodies, Ids ids,
                            Clock clock, Backoff retry, Runnable published) {
        this.webhooks = Objects.requireNonNull(webhooks);
        this.deliveries = Objects.requireNonNull(deliveries);
        this.bodies = Objects.requireNonNull(bodies);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
        this.retry = Objects.requireNonNull(retry);
        this.published = Objects.requireNonNull(published);
    }

    /** Puts the operation's end in the outbox (see {@link EndAnnouncer}). */
    public void operationEnded(Operation ended) {
        publish(new WebhookEvent.OperationEnded(ended));
    }

    /** Puts the run's end in the outbox (see {@link EndAnnouncer}). */
    public void runEnded(IngestionRun ended) {
        publish(new WebhookEvent.RunEnded(ended));
    }

    private void publish(WebhookEvent.Subject subject) {
        try {
            WebhookEvent event = new WebhookEvent(new EventId(ids.next()), clock.instant(), subject);
            if (retry.retry(() -> write(event))) {
                published.run();
            } else {
                LOG.log(System.Logger.Level.WARNING, "the {0} event {1} of {2} could not be put in the outbox",
                        event.type(), event.id(), event.orderingKey());
            }
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.ERROR, "an event could not be published", bug);
        }
    }

    private void write(WebhookEvent event) {
        List<Subscription> subscribers = webhooks.subscribedTo(event.scope(), event.type());
        if (subscribers.isEmpty()) {
            return;
        }
        String body = bodies.render(event);
        deliveries.add(subscribers.stream()
                .map(subscriber -> Delivery.of(new DeliveryId(ids.next()), subscriber, event, body))
                .toList());
    }
}
