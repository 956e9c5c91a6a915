package dev.extaudiences.core.run;

import java.time.Instant;
import java.util.Objects;

/**
 * One filter of a runs list: a text comparison on the audience's name or the run's status, or a time comparison on
 * its creation. How a caller writes one (the HTTP API's {@code property=status=SUCCESS}) is the adapter's grammar.
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
}
