package dev.extaudiences.core.run;

import dev.extaudiences.core.error.DomainException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code property} filter of a runs list: on {@code name} or {@code status} with {@code =}, {@code !=},
 * {@code =contains} or {@code !=contains}, or on {@code createdAt} (older name {@code ingestionTime}) with
 * {@code <}, {@code <=}, {@code >} or {@code >=}.
 */
public sealed interface RunFilter {

    boolean test(IngestionRun run);

    /** The four text comparisons. */
    enum TextOperator {
        EQUALS, NOT_EQUALS, CONTAINS, NOT_CONTAINS;

        boolean test(String actual, String expected) {
            return switch (this) {
                case EQUALS -> actual.equals(expected);
                case NOT_EQUALS -> !actual.equals(expected);
                case CONTAINS -> actual.contains(expected);
                case NOT_CONTAINS -> !actual.contains(expected);
            };
        }
    }

    /** The four time comparisons. */
    enum TimeOperator {
        BEFORE, AT_OR_BEFORE, AFTER, AT_OR_AFTER;

        boolean test(Instant actual, Instant bound) {
            int order = actual.compareTo(bound);
            return switch (this) {
                case BEFORE -> order < 0;
                case AT_OR_BEFORE -> order <= 0;
                case AFTER -> order > 0;
                case AT_OR_AFTER -> order >= 0;
            };
        }
    }

    record OnName(TextOperator operator, String value) implements RunFilter {
        public OnName {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean test(IngestionRun run) {
            return operator.test(run.audienceName().value(), value);
        }
    }

    record OnStatus(TextOperator operator, String value) implements RunFilter {
        public OnStatus {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean test(IngestionRun run) {
            return operator.test(run.status().wireName(), value);
        }
    }

    record OnCreatedAt(TimeOperator operator, Instant bound) implements RunFilter {
        public OnCreatedAt {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(bound, "bound");
        }

        @Override
        public boolean test(IngestionRun run) {
            return operator.test(run.created().at(), bound);
        }
    }

    Pattern SHAPE = Pattern.compile("^([A-Za-z]+)(!=contains|=contains|!=|<=|>=|=|<|>)(.*)$", Pattern.DOTALL);

    /** Reads one {@code property} value such as {@code status=SUCCESS} or {@code createdAt<1683669114845}. */
    static RunFilter parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw DomainException.invalid("property", "must not be empty");
        }
        Matcher matcher = SHAPE.matcher(raw);
        if (!matcher.matches()) {
            throw DomainException.invalid("property", "'" + raw + "' is not of the form <name><operator><value>");
        }
        String property = matcher.group(1);
        String operator = matcher.group(2);
        String value = matcher.group(3);
        return switch (property) {
            case "name" -> new OnName(textOperator(operator, raw), requireValue(value, raw));
            case "status" -> new OnStatus(textOperator(operator, raw), status(operator, requireValue(value, raw), raw));
            case "createdAt", "ingestionTime" -> new OnCreatedAt(timeOperator(operator, raw), time(value, raw));
            default -> throw DomainException.invalid("property",
                    "'" + raw + "' filters on '" + property + "'; only name, status and createdAt can be filtered");
        };
    }

    private static String requireValue(String value, String raw) {
        if (value.isEmpty()) {
            throw DomainException.invalid("property", "'" + raw + "' has no value to compare with");
        }
        return value;
    }

    private static String status(String operator, String value, String raw) {
        boolean exact = operator.equals("=") || operator.equals("!=");
        if (exact && !RunStatus.isWireName(value)) {
            throw DomainException.invalid("property",
                    "'" + raw + "' compares status with '" + value + "'; a status is PROCESSING, SUCCESS or FAILED");
        }
        return value;
    }

    private static TextOperator textOperator(String operator, String raw) {
        return switch (operator) {
            case "=" -> TextOperator.EQUALS;
            case "!=" -> TextOperator.NOT_EQUALS;
            case "=contains" -> TextOperator.CONTAINS;
            case "!=contains" -> TextOperator.NOT_CONTAINS;
            default -> throw DomainException.invalid("property",
                    "'" + raw + "' uses '" + operator + "'; name and status take =, !=, =contains or !=contains");
        };
    }

    private static TimeOperator timeOperator(String operator, String raw) {
        return switch (operator) {
            case "<" -> TimeOperator.BEFORE;
            case "<=" -> TimeOperator.AT_OR_BEFORE;
            case ">" -> TimeOperator.AFTER;
            case ">=" -> TimeOperator.AT_OR_AFTER;
            default -> throw DomainException.invalid("property",
                    "'" + raw + "' uses '" + operator + "'; createdAt takes <, <=, > or >=");
        };
    }

    /** A 13-digit value is epoch milliseconds (the guide's own example is one), a shorter one epoch seconds. */
    private static Instant time(String value, String raw) {
        if (!value.matches("\\d{1,13}")) {
            throw DomainException.invalid("property",
                    "'" + raw + "' needs an epoch time in seconds, or in milliseconds as 13 digits");
        }
        long number = Long.parseLong(value);
        return value.length() == 13 ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
    }
}
