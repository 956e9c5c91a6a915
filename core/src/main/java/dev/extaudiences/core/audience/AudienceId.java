package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.Require;

/** The server-assigned id of an audience. */
public record AudienceId(String value) {

    public AudienceId {
        Require.maxLength(Require.noWhitespace(Require.notBlank(value, "audienceId"), "audienceId"), 128, "audienceId");
    }

    @Override
    public String toString() {
        return value;
    }
}
