package dev.extaudiences.core.audience;

import java.util.Objects;
import java.util.Optional;

/** One column of an audience: a name, a type, an optional identity namespace and its own labels. */
public record Field(FieldName name, FieldType type, Optional<IdentityNamespace> identityNs, Labels labels) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(identityNs, "identityNs");
        Objects.requireNonNull(labels, "labels");
    }

    public static Field attribute(String name, FieldType type) {
        return new Field(new FieldName(name), type, Optional.empty(), Labels.NONE);
    }

    public static Field identity(String name, FieldType type, String namespace) {
        return new Field(new FieldName(name), type, Optional.of(new IdentityNamespace(namespace)), Labels.NONE);
    }

    public boolean isIdentity() {
        return identityNs.isPresent();
    }

    public Field withLabels(Labels replacement) {
        return new Field(name, type, identityNs, replacement);
    }
}
