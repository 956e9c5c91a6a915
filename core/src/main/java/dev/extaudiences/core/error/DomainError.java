package dev.extaudiences.core.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The closed set of ways a domain call can be refused. Each kind maps to exactly one error code of the
 * public contract; the HTTP adapter owns that mapping, the domain only says what went wrong and where.
 */
public sealed interface DomainError {

    /** A human-readable sentence naming what was wrong; safe to show to a caller. */
    String detail();

    /**
     * Which of the closed set this is. Java 17 has no exhaustive switch over a sealed type, but it has one over an
     * enum: a mapping that switches on the kind stops compiling when a kind is added, instead of answering a 500.
     */
    Category category();

    enum Category { INVALID, NOT_FOUND, DUPLICATE, UNPROCESSABLE, DEPENDENCY_FAILED, TOO_LARGE }

    /** The request broke a structural rule; {@code field} names the offending property (dotted path). */
    record Invalid(String field, String rule) implements DomainError {
        public Invalid {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(rule, "rule");
        }

        @Override
        public Category category() {
            return Category.INVALID;
        }

        @Override
        public String detail() {
            return field + ": " + rule;
        }
    }

    /** The resource does not exist in the caller's scope; another scope's resource looks exactly like this. */
    record NotFound(ResourceKind kind, String id) implements DomainError {
        public NotFound {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(id, "id");
        }

        @Override
        public Category category() {
            return Category.NOT_FOUND;
        }

        @Override
        public String detail() {
            return kind.label() + " '" + id + "' was not found";
        }
    }

    /** A value that must be unique within the scope is taken; {@code field} names it. */
    record Duplicate(String field, String value) implements DomainError {
        public Duplicate {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Category category() {
            return Category.DUPLICATE;
        }

        @Override
        public String detail() {
            return field + ": an audience with " + field + " '" + value + "' already exists";
        }
    }

    /**
     * The request is well formed, but a business rule refuses it now; {@code retryAfter}, when present, is how long
     * until the rule would let it through (a guardrail's day resets), as the domain's clock tells it.
     */
    record Unprocessable(Refusal reason, String explanation, Optional<Duration> retryAfter) implements DomainError {
        public Unprocessable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(explanation, "explanation");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public Unprocessable(Refusal reason, String explanation) {
            this(reason, explanation, Optional.empty());
        }

        @Override
        public Category category() {
            return Category.UNPROCESSABLE;
        }

        @Override
        public String detail() {
            return reason.name() + ": " + explanation;
        }
    }

    /** What the caller sent ({@code field}) holds more than the limit of {@code limitBytes} bytes; nothing was kept. */
    record TooLarge(String field, long limitBytes) implements DomainError {
        public TooLarge {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public Category category() {
            return Category.TOO_LARGE;
        }

        @Override
        public String detail() {
            return field + ": is larger than the limit of " + limitBytes + " bytes";
        }
    }

    /** Something the domain depends on (source storage, database) failed; the request may succeed later. */
    record DependencyFailed(String dependency, String explanation) implements DomainError {
        public DependencyFailed {
            Objects.requireNonNull(dependency, "dependency");
            Objects.requireNonNull(explanation, "explanation");
        }

        @Override
        public Category category() {
            return Category.DEPENDENCY_FAILED;
        }

        @Override
        public String detail() {
            return dependency + ": " + explanation;
        }
    }
}
