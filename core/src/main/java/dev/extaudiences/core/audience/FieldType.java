package dev.extaudiences.core.audience;

import java.time.DateTimeException;
import java.time.LocalDate;
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
                case LONG -> new ValueCheck.Valid(Long.toString(Long.parseLong(value)));
                case INTEGER -> new ValueCheck.Valid(Integer.toString(Integer.parseInt(value)));
                case DATE -> new ValueCheck.Valid(date(value).toString());
                case DATETIME -> new ValueCheck.Valid(OffsetDateTime.parse(value).toString());
                case BOOLEAN -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                        ? new ValueCheck.Valid(value.toLowerCase(Locale.ROOT)) : invalid(raw);
            };
        } catch (NumberFormatException | DateTimeParseException notOfThisType) {
            return invalid(raw);
        }
    }

    /**
     * An ISO date. The common shape, four-digit year, is read by hand (LocalDate.of checks the ranges and the day of
     * the month): the formatter's general parse was a tenth of a run's read stage; any other shape goes to it.
     */
    private static LocalDate date(String value) {
        if (value.length() == 10 && value.charAt(4) == '-' && value.charAt(7) == '-') {
            int year = digits(value, 0, 4);
            int month = digits(value, 5, 7);
            int day = digits(value, 8, 10);
            if (year >= 0 && month >= 0 && day >= 0) {
                try {
                    return LocalDate.of(year, month, day);
                } catch (DateTimeException outOfRange) {
                    throw new DateTimeParseException(outOfRange.getMessage(), value, 0, outOfRange);
                }
            }
        }
        return LocalDate.parse(value);
    }

    /** The number the ASCII digits in [from, to) spell, or -1 when one of them is not a digit. */
    private static int digits(String value, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
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
