package dev.extaudiences.core.run;

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

    public Comparator<IngestionRun> comparator() {
        Comparator<IngestionRun> primary = switch (key) {
            case NAME -> Comparator.comparing(run -> run.audienceName().value());
            case CREATED_AT -> Comparator.comparing(run -> run.created().at());
        };
        Comparator<IngestionRun> withTieBreak = primary.thenComparing(run -> run.id().value());
        return direction == Direction.ASCENDING ? withTieBreak : withTieBreak.reversed();
    }
}
