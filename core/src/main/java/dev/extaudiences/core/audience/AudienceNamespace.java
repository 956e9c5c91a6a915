package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.Require;

/** The namespace an audience is filed under; {@code CustomerAudienceUpload} unless the caller says otherwise. */
public record AudienceNamespace(String value) {

    public static final AudienceNamespace DEFAULT = new AudienceNamespace("CustomerAudienceUpload");

    public AudienceNamespace {
        Require.plainText(Require.maxLength(Require.noWhitespace(Require.notBlank(value, "namespace"), "namespace"), 256,
                "namespace"), "namespace");
    }

    public static AudienceNamespace parse(String raw) {
        return raw == null ? DEFAULT : new AudienceNamespace(raw);
    }

    @Override
    public String toString() {
        return value;
    }
}
