package dev.extaudiences.adapter.javalin;

import dev.extaudiences.core.run.RunFilter;
import dev.extaudiences.core.run.RunFilter.TextOperator;
import dev.extaudiences.core.run.RunFilter.TimeOperator;
import dev.extaudiences.core.run.RunSort;
import dev.extaudiences.core.run.RunStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a runs list's order and filters are written in its query string: {@code sortBy=-createdAt}, and
 * {@code property=} filters on {@code name} or {@code status} with {@code =}, {@code !=}, {@code =contains} or
 * {@code !=contains}, or on {@code createdAt} (older name {@code ingestionTime}) with {@code <}, {@code <=},
 * {@code >} or {@code >=}.
 */
final class RunListGrammar {

    private static final Pattern SHAPE = Pattern.compile("^([A-Za-z]+)(!=contains|=contains|!=|<=|>=|=|<|>)(.*)$",
            Pattern.DOTALL);

    private RunListGrammar() {
    }

    /** {@code name} or {@code createdAt} (older name {@code ingestionTime}), {@code -} for descending. */
    static RunSort sort(String raw) {
        if (raw == null) {
            return RunSort.DEFAULT;
        }
        String trimmed = raw.trim();
        RunSort.Direction direction = trimmed.startsWith("-") ? RunSort.Direction.DESCENDING
                : RunSort.Direction.ASCENDING;
        String name = trimmed.startsWith("-") || trimmed.startsWith("+") ? trimmed.substring(1) : trimmed;
        RunSort.Key key = switch (name) {
            case "name" -> RunSort.Key.NAME;
            case "createdAt", "ingestionTime" -> RunSort.Key.CREATED_AT;
            default -> throw refused("sortBy",
                    "'" + raw + "' is not one of name, createdAt, ingestionTime (with '-' for descending)");
        };
        return new RunSort(key, direction);
    }

    /** One {@code property} value such as {@code status=SUCCESS} or {@code createdAt<1683669114845}. */
    static RunFilter filter(String raw) {
        if (raw == null || raw.isBlank()) {
            throw refused("property", "must not be empty");
        }
        Matcher matcher = SHAPE.matcher(raw);
        if (!matcher.matches()) {
            throw refused("property", "'" + raw + "' is not of the form <name><operator><value>");
        }
        String property = matcher.group(1);
        String operator = matcher.group(2);
        String value = matcher.group(3);
        return switch (property) {
            case "name" -> new RunFilter.OnName(textOperator(operator, raw), requireValue(value, raw));
            case "status" -> status(textOperator(operator, raw), requireValue(value, raw), raw);
            case "createdAt", "ingestionTime" -> new RunFilter.OnCreatedAt(timeOperator(operator, raw), time(value, raw));
            default -> throw refused("property",
                    "'" + raw + "' filters on '" + property + "'; only name, status and createdAt can be filtered");
        };
    }

    private static String requireValue(String value, String raw) {
        if (value.isEmpty()) {
            throw refused("property", "'" + raw + "' has no value to compare with");
        }
        return value;
    }

    /** The statuses whose contract name compares as asked with the value. */
    private static RunFilter status(TextOperator operator, String value, String raw) {
        boolean exact = operator == TextOperator.EQUALS || operator == TextOperator.NOT_EQUALS;
        if (exact && !Wire.RUN_STATUSES.contains(value)) {
            throw refused("property", "'" + raw + "' compares status with '" + value + "'; a status is "
                    + String.join(", ", Wire.RUN_STATUSES.subList(0, 2)) + " or " + Wire.RUN_STATUSES.get(2));
        }
        Set<RunStatus.Kind> matching = EnumSet.noneOf(RunStatus.Kind.class);
        for (RunStatus.Kind kind : RunStatus.Kind.values()) {
            if (operator.test(Wire.runStatus(kind), value)) {
                matching.add(kind);
            }
        }
        return new RunFilter.OnStatus(matching);
    }

    private static TextOperator textOperator(String operator, String raw) {
        return switch (operator) {
            case "=" -> TextOperator.EQUALS;
            case "!=" -> TextOperator.NOT_EQUALS;
            case "=contains" -> TextOperator.CONTAINS;
            case "!=contains" -> TextOperator.NOT_CONTAINS;
            default -> throw refused("property",
                    "'" + raw + "' uses '" + operator + "'; name and status take =, !=, =contains or !=contains");
        };
    }

    private static TimeOperator timeOperator(String operator, String raw) {
        return switch (operator) {
            case "<" -> TimeOperator.BEFORE;
            case "<=" -> TimeOperator.AT_OR_BEFORE;
            case ">" -> TimeOperator.AFTER;
            case ">=" -> TimeOperator.AT_OR_AFTER;
            default -> throw refused("property", "'" + raw + "' uses '" + operator + "'; createdAt takes <, <=, > or >=");
        };
    }

    /** A 13-digit value is epoch milliseconds (the guide's own example is one), a shorter one epoch seconds. */
    private static Instant time(String value, String raw) {
        if (!value.matches("\\d{1,13}")) {
            throw refused("property", "'" + raw + "' needs an epoch time in seconds, or in milliseconds as 13 digits");
        }
        long number = Long.parseLong(value);
        return value.length() == 13 ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
    }

    private static ApiError refused(String parameter, String rule) {
        return ApiError.invalid(parameter, rule);
    }
}
