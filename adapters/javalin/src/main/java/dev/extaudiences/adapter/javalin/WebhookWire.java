package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.extaudiences.core.webhook.AttemptOutcome;
import dev.extaudiences.core.webhook.Delivery;
import dev.extaudiences.core.webhook.DeliveryAttempt;
import dev.extaudiences.core.webhook.DeliveryLog;
import dev.extaudiences.core.webhook.DeliveryState;
import dev.extaudiences.core.webhook.EventType;
import dev.extaudiences.core.webhook.Subscription;
import java.util.List;

/** How webhook subscriptions and their deliveries are written and read on the wire (an extension of the contract). */
final class WebhookWire {

    private final ObjectMapper mapper;

    WebhookWire(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static String eventName(EventType type) {
        switch (type) {
            case OPERATION_ENDED:
                return "operation.ended";
            case RUN_ENDED:
                return "run.ended";
            default:
                throw new IllegalArgumentException("no wire name for " + type);
        }
    }

    static EventType eventType(JsonNode value, String field) {
        String name = value != null && value.isTextual() ? value.asText() : "";
        switch (name) {
            case "operation.ended":
                return EventType.OPERATION_ENDED;
            case "run.ended":
                return EventType.RUN_ENDED;
            default:
                throw ApiError.invalid(field, "must be one of operation.ended, run.ended, was " + value);
        }
    }

    private static String stateName(DeliveryState state) {
        switch (state) {
            case PENDING:
                return "PENDING";
            case DELIVERED:
                return "DELIVERED";
            case GAVE_UP:
                return "GAVE_UP";
            default:
                throw new IllegalArgumentException("no wire name for " + state);
        }
    }

    /** A subscription as it is listed: never its secret. */
    ObjectNode subscription(Subscription subscription) {
        ObjectNode body = mapper.createObjectNode();
        body.put("webhookId", subscription.id().value());
        body.put("url", subscription.url().value());
        ArrayNode events = body.putArray("events");
        subscription.events().stream().sorted().map(WebhookWire::eventName).forEach(events::add);
        body.put("createdBy", subscription.created().by().value());
        body.put("createdAt", subscription.created().at().getEpochSecond());
        return body;
    }

    /** A subscription just created: the one time its secret is shown. */
    ObjectNode created(Subscription subscription) {
        ObjectNode body = subscription(subscription);
        body.put("secret", subscription.secret().value());
        return body;
    }

    ObjectNode list(List<Subscription> subscriptions) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode items = body.putArray("webhooks");
        subscriptions.forEach(subscription -> items.add(subscription(subscription)));
        return body;
    }

    ObjectNode deliveries(List<DeliveryLog> log) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode items = body.putArray("deliveries");
        log.forEach(entry -> items.add(delivery(entry)));
        return body;
    }

    private ObjectNode delivery(DeliveryLog entry) {
        Delivery delivery = entry.delivery();
        ObjectNode body = mapper.createObjectNode();
        body.put("deliveryId", delivery.id().value());
        body.put("eventId", delivery.eventId().value());
        body.put("eventType", eventName(delivery.eventType()));
        body.put("status", stateName(delivery.state()));
        body.put("createdAt", delivery.createdAt().getEpochSecond());
        if (delivery.state() == DeliveryState.PENDING) {
            body.put("nextAttemptAt", delivery.nextAttemptAt().getEpochSecond());
        } else {
            body.putNull("nextAttemptAt");
        }
        ArrayNode attempts = body.putArray("attempts");
        entry.attempts().forEach(attempt -> attempts.add(attempt(attempt)));
        return body;
    }

    private ObjectNode attempt(DeliveryAttempt attempt) {
        ObjectNode body = mapper.createObjectNode();
        body.put("attempt", attempt.number());
        body.put("at", attempt.at().getEpochSecond());
        AttemptOutcome outcome = attempt.outcome();
        if (outcome instanceof AttemptOutcome.Acknowledged acknowledged) {
            body.put("outcome", "ACKNOWLEDGED");
            body.put("statusCode", acknowledged.statusCode());
        } else if (outcome instanceof AttemptOutcome.Refused refused) {
            body.put("outcome", "REFUSED");
            body.put("statusCode", refused.statusCode());
        } else {
            body.put("outcome", "UNREACHABLE");
            body.put("error", ((AttemptOutcome.Unreachable) outcome).error());
        }
        if (attempt.nextAttemptAt().isPresent()) {
            body.put("nextAttemptAt", attempt.nextAttemptAt().get().getEpochSecond());
        } else {
            body.putNull("nextAttemptAt");
        }
        return body;
    }
}
