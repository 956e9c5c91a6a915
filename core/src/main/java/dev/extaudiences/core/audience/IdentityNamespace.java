package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.Require;

/** The identity namespace of an identity field, such as {@code email}, {@code ECID} or {@code crmId}. */
public record IdentityNamespace(String code) {

    public IdentityNamespace {
        Require.plainText(Require.noWhitespace(Require.notBlank(code, "fields.identityNs"), "fields.identityNs"),
                "fields.identityNs");
        Require.maxLength(code, 128,
                "fields.identityNs");
    }

    @Override
    public String toString() {
        return code;
    }
}
