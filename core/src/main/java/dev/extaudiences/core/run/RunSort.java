package dev.extaudiences.core.run;

import dev.extaudiences.core.error.DomainException;
import java.util.Comparator;
import java.util.Objects;

/** The order of a runs list: by name or creation time, ascending or descending; ties broken by id. */
public record RunSort(Key key, Direction direction) {

    public enum Key { NAME, CREATED_AT }

    public enum Direction { ASCENDING, DESCENDING }

    public static final RunSort DEFAULT = new RunSort(Key.CREATED_AT, Direction.DESCENDING);

    public RunSort {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(direction, "direction");
    }

    /** Reads {@code sortBy}: {@code name} or {@code createdAt} (older name {@code ingestionTime}), {@code -} for descending. */
    public static RunSort parse(String raw) {
        if (raw == null) {
            return DEFAULT;
        }
        String trimmed = raw.trim();
        Direction direction = trimmed.startsWith("-") ? Direction.DESCENDING : Direction.ASCENDING;
        String name = trimmed.startsWith("-") || trimmed.startsWith("+") ? trimmed.substring(1) : trimmed;
        Key key = switch (name) {
            case "name" -> Key.NAME;
            case "createdAt", "ingestionTime" -> Key.CREATED_AT;
            default -> throw DomainException.invalid("sortBy",
                    "'" + raw + "' is not one of name, createdAt, ingestionTime (with '-' for descending)");
        };
        return new RunSort(key, direction);
    }

    public Comparator<IngestionRun> comparator() {
        Comparator<IngestionRun> primary = switch (key) {
            case NAME -> Comparator.comparing(run -> run.audienceName().value());
            case CREATED_AT -> Comparator.comparing(run -> run.created().at());
        };
        Comparator<IngestionRun> withTieBreak = primary.thenComparing(run -> run.id().value());
        return direction == Direction.ASCENDING ? withTieBreak : withTieBreak.reversed();
    }
}
