package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.DomainException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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

    /**
     * Checks one CSV value against this type: the value's canonical text, or why it is not one. Numbers are plain
     * decimals, dates ISO ({@code 2025-05-13}), date-times ISO with an offset ({@code 2025-05-23T20:19:00+00:00}),
     * booleans {@code true} or {@code false} in any case.
     */
    public ValueCheck check(String raw) {
        String value = raw.trim();
        try {
            return switch (this) {
                case STRING -> new ValueCheck.Valid(raw);
                case NUMBER -> {
                    double number = Double.parseDouble(value);
                    if (!Double.isFinite(number) || !value.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                        yield invalid(raw);
                    }
                    yield new ValueCheck.Valid(value);
                }
                case LONG -> new ValueCheck.Valid(Long.toString(Long.parseLong(value)));
                case INTEGER -> new ValueCheck.Valid(Integer.toString(Integer.parseInt(value)));
                case DATE -> new ValueCheck.Valid(LocalDate.parse(value).toString());
                case DATETIME -> new ValueCheck.Valid(OffsetDateTime.parse(value).toString());
                case BOOLEAN -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                        ? new ValueCheck.Valid(value.toLowerCase(Locale.ROOT)) : invalid(raw);
            };
        } catch (NumberFormatException | DateTimeParseException notOfThisType) {
            return invalid(raw);
        }
    }

    private ValueCheck invalid(String raw) {
        String shown = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
        return new ValueCheck.Invalid("'" + shown + "' is not a valid " + wireName + switch (this) {
            case DATE -> " (expected like 2025-05-13)";
            case DATETIME -> " (expected like 2025-05-23T20:19:00+00:00)";
            case BOOLEAN -> " (expected true or false)";
            default -> "";
        });
    }

    /** The outcome of checking one value. */
    public sealed interface ValueCheck {
        /** The value, in canonical text. */
        record Valid(String value) implements ValueCheck {
        }

        record Invalid(String reason) implements ValueCheck {
        }
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
