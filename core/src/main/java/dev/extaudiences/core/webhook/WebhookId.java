package dev.extaudiences.core.webhook;

import dev.extaudiences.core.error.Require;

/** The id of a webhook subscription. */
public record WebhookId(String value) {

    public WebhookId {
        Require.maxLength(Require.noWhitespace(Require.notBlank(value, "webhookId"), "webhookId"), 128, "webhookId");
    }

    @Override
    public String toString() {
        return value;
    }
}
