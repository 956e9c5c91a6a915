package dev.extaudiences.core.run;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One filter of a runs list: a text comparison on the audience's name, the statuses a run may have, or a time
 * comparison on its creation. How a caller writes one (the HTTP API's {@code property=status=SUCCESS}, a comparison
 * with the contract's names of the statuses) is the adapter's grammar.
 */
public sealed interface RunFilter {

    boolean test(IngestionRun run);

    /** The four text comparisons. */
    enum TextOperator {
        EQUALS, NOT_EQUALS, CONTAINS, NOT_CONTAINS;

        public boolean test(String actual, String expected) {
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

    /** Runs whose status is of one of these kinds; none selects no run. */
    record OnStatus(Set<RunStatus.Kind> anyOf) implements RunFilter {
        public OnStatus {
            anyOf = Set.copyOf(anyOf);
        }

        @Override
        public boolean test(IngestionRun run) {
            return anyOf.contains(run.status().kind());
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
}
