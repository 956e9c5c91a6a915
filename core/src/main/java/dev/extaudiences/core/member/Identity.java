package dev.extaudiences.core.member;

import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.error.Require;
import java.util.Objects;

/** Who a member is: a value in an identity namespace, such as an email address in {@code email}. */
public record Identity(IdentityNamespace namespace, String value) {

    public static final int MAX_VALUE_LENGTH = 1024;

    public Identity {
        Objects.requireNonNull(namespace, "namespace");
        Require.maxLength(Require.notBlank(value, "identity"), MAX_VALUE_LENGTH, "identity");
    }

    public static Identity of(String namespace, String value) {
        return new Identity(new IdentityNamespace(namespace), value);
    }
}
