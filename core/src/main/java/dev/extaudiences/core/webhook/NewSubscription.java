package dev.extaudiences.core.webhook;

import dev.extaudiences.core.error.DomainException;
import java.util.Objects;
import java.util.Set;

/** What a caller asks for when subscribing: where to post, and which events (at least one). */
public record NewSubscription(WebhookUrl url, Set<EventType> events) {

    public static final String EVENTS = "events";

    public NewSubscription {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(events, EVENTS);
        if (events.isEmpty()) {
            throw DomainException.invalid(EVENTS, "must name at least one event type");
        }
        events = Set.copyOf(events);
    }
}
