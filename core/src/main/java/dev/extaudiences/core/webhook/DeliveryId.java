package dev.extaudiences.core.webhook;

import dev.extaudiences.core.error.Require;

/** The id of one delivery: one event to one subscription, however many attempts it takes. */
public record DeliveryId(String value) {

    public DeliveryId {
        Require.maxLength(Require.noWhitespace(Require.notBlank(value, "deliveryId"), "deliveryId"), 128,
                "deliveryId");
    }

    @Override
    public String toString() {
        return value;
    }
}
