package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.Require;

/** The caller's own id for an audience: optional, and unique within a tenant scope when given. */
public record CustomAudienceId(String value) {

    public CustomAudienceId {
        Require.plainText(Require.maxLength(Require.notBlank(value, "customAudienceId"), 256, "customAudienceId"),
                "customAudienceId");
    }

    @Override
    public String toString() {
        return value;
    }
}
