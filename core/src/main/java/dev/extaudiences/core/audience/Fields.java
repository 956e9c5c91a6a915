package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Require;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The ordered columns of an audience: at least one, names unique, at least one carrying an identity namespace. */
public record Fields(List<Field> values) {

    public static final int MAX_FIELDS = 100;

    public Fields {
        Require.present(values, "fields");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw DomainException.invalid("fields", "must contain at least one field");
        }
        if (values.size() > MAX_FIELDS) {
            throw DomainException.invalid("fields", "must contain at most " + MAX_FIELDS + " fields");
        }
        Set<FieldName> seen = new HashSet<>();
        for (Field field : values) {
            if (!seen.add(field.name())) {
                throw DomainException.invalid("fields.name", "'" + field.name() + "' is declared more than once");
            }
        }
        if (values.stream().noneMatch(Field::isIdentity)) {
            throw DomainException.invalid("fields.identityNs", "at least one field must carry an identity namespace");
        }
    }

    public static Fields of(Field... fields) {
        return new Fields(List.of(fields));
    }

    public Optional<Field> byName(FieldName name) {
        return values.stream().filter(field -> field.name().equals(name)).findFirst();
    }

    /**
     * Replaces the labels of the named fields only; every other field keeps its labels. A name that is not a field of
     * this audience is refused, so a typo never passes silently.
     */
    public Fields withLabels(Map<FieldName, Labels> replacements) {
        for (FieldName name : replacements.keySet()) {
            if (byName(name).isEmpty()) {
                throw DomainException.invalid("fields.name", "'" + name + "' is not a field of this audience");
            }
        }
        List<Field> updated = new ArrayList<>(values.size());
        for (Field field : values) {
            Labels replacement = replacements.get(field.name());
            updated.add(replacement == null ? field : field.withLabels(replacement));
        }
        return new Fields(updated);
    }
}
