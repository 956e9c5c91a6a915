package dev.extaudiences.core.audience;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The seven value types a field of an audience can have. */
public enum FieldType {
    STRING,
    NUMBER,
    LONG,
    INTEGER,
    DATE,
    DATETIME,
    BOOLEAN;

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
                case LONG -> {
                    if (WholeNumbers.isCanonical(value, 18)) {
                        yield new ValueCheck.Valid(value);
                    }
                    long number = Long.parseLong(value);
                    yield new ValueCheck.Valid(WholeNumbers.isCanonical(value) ? value : Long.toString(number));
                }
                case INTEGER -> {
                    if (WholeNumbers.isCanonical(value, 9)) {
                        yield new ValueCheck.Valid(value);
                    }
                    int number = Integer.parseInt(value);
                    yield new ValueCheck.Valid(WholeNumbers.isCanonical(value) ? value : Integer.toString(number));
                }
                case DATE -> new ValueCheck.Valid(IsoDates.canonical(value));
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
        String type = name().toLowerCase(Locale.ROOT);
        return new ValueCheck.Invalid("'" + shown + "' is not a valid " + type + switch (this) {
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
}
