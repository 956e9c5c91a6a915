package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.DomainException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The seven value types a field of an audience can have, by their wire names. */
public enum FieldType {
    STRING("string"),
    NUMBER("number"),
    LONG("long"),
    INTEGER("integer"),
    DATE("date"),
    DATETIME("datetime"),
    BOOLEAN("boolean");

    private final String wireName;

    FieldType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Reads a wire name; {@code field} is where the value came from, for the error. */
    public static FieldType parse(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw DomainException.invalid(field, "is required");
        }
        String wanted = raw.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(type -> type.wireName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> DomainException.invalid(field, "'" + raw + "' is not one of " + Arrays.stream(values())
                        .map(FieldType::wireName).collect(Collectors.joining(", "))));
    }
}
