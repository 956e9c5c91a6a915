package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.webhook.AttemptOutcome;
import dev.extaudiences.core.webhook.DeliveryState;
import dev.extaudiences.core.webhook.EventType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names the webhook tables hold for the domain's event types, delivery states and attempt outcomes: this
 * adapter's own, so that renaming a constant in core never renames what is stored.
 */
final class StoredWebhookNames {

    private StoredWebhookNames() {
    }

    static String event(EventType type) {
        switch (type) {
            case OPERATION_ENDED:
                return "OPERATION_ENDED";
            case RUN_ENDED:
                return "RUN_ENDED";
            default:
                throw new IllegalArgumentException("no stored name for " + type);
        }
    }

    static EventType event(String stored) {
        switch (stored) {
            case "OPERATION_ENDED":
                return EventType.OPERATION_ENDED;
            case "RUN_ENDED":
                return EventType.RUN_ENDED;
            default:
                throw new IllegalStateException("unknown stored event type " + stored);
        }
    }

    static String events(Set<EventType> types) {
        return types.stream().sorted().map(StoredWebhookNames::event).collect(Collectors.joining(","));
    }

    static Set<EventType> events(String stored) {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        Arrays.stream(stored.split(",")).map(StoredWebhookNames::event).forEach(types::add);
        return types;
    }

    static String state(DeliveryState state) {
        switch (state) {
            case PENDING:
                return "PENDING";
            case DELIVERED:
                return "DELIVERED";
            case GAVE_UP:
                return "GAVE_UP";
            default:
                throw new IllegalArgumentException("no stored name for " + state);
        }
    }

    static DeliveryState state(String stored) {
        switch (stored) {
            case "PENDING":
                return DeliveryState.PENDING;
            case "DELIVERED":
                return DeliveryState.DELIVERED;
            case "GAVE_UP":
                return DeliveryState.GAVE_UP;
            default:
                throw new IllegalStateException("unknown stored delivery state " + stored);
        }
    }

    static String outcome(AttemptOutcome outcome) {
        if (outcome instanceof AttemptOutcome.Acknowledged) {
            return "ACKNOWLEDGED";
        }
        return outcome instanceof AttemptOutcome.Refused ? "REFUSED" : "UNREACHABLE";
    }

    static AttemptOutcome outcome(String stored, Integer statusCode, String error) {
        switch (stored) {
            case "ACKNOWLEDGED":
                return new AttemptOutcome.Acknowledged(statusCode);
            case "REFUSED":
                return new AttemptOutcome.Refused(statusCode);
            case "UNREACHABLE":
                return new AttemptOutcome.Unreachable(error);
            default:
                throw new IllegalStateException("unknown stored attempt outcome " + stored);
        }
    }
}
