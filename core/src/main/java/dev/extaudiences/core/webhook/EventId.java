package dev.extaudiences.core.webhook;

import dev.extaudiences.core.error.Require;

/** The id of one event: the same in every delivery of it and every retry, so that a receiver can drop a repeat. */
public record EventId(String value) {

    public EventId {
        Require.maxLength(Require.noWhitespace(Require.notBlank(value, "eventId"), "eventId"), 128, "eventId");
    }

    @Override
    public String toString() {
        return value;
    }
}
