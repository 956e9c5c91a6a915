package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.Require;

/** An audience's display name: required, and unique within a tenant scope. */
public record AudienceName(String value) {

    public static final int MAX_LENGTH = 256;

    public AudienceName {
        Require.plainText(Require.maxLength(Require.notBlank(value, "name"), MAX_LENGTH, "name"), "name");
    }

    @Override
    public String toString() {
        return value;
    }
}
