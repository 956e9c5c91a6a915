package dev.extaudiences.core.error;

import java.util.Objects;

/** Carries a {@link DomainError} out of a use case; the error, not the exception type, says what happened. */
public final class DomainException extends RuntimeException {

    private final transient DomainError error;

    public DomainException(DomainError error) {
        super(Objects.requireNonNull(error, "error").detail(), null, false, false);
        this.error = error;
    }

    public DomainError error() {
        return error;
    }

    /**
     * The same refusal, naming where the value sits in a larger request: an {@code Invalid} on {@code field} (or on a
     * part of it, {@code field.x} or {@code field[i]}) names {@code place} instead. A value knows its own name, not
     * the list or body it was given in; any other refusal is returned as it is.
     */
    public DomainException locatedAt(String field, String place) {
        if (error instanceof DomainError.Invalid invalid && (invalid.field().equals(field)
                || invalid.field().startsWith(field + ".") || invalid.field().startsWith(field + "["))) {
            return invalid(place + invalid.field().substring(field.length()), invalid.rule());
        }
        return this;
    }

    public static DomainException invalid(String field, String rule) {
        return new DomainException(new DomainError.Invalid(field, rule));
    }

    public static DomainException notFound(ResourceKind kind, String id) {
        return new DomainException(new DomainError.NotFound(kind, id));
    }

    public static DomainException duplicate(String field, String value) {
        return new DomainException(new DomainError.Duplicate(field, value));
    }

    public static DomainException unprocessable(Refusal reason, String explanation) {
        return new DomainException(new DomainError.Unprocessable(reason, explanation));
    }

    public static DomainException tooLarge(String field, long limitBytes) {
        return new DomainException(new DomainError.TooLarge(field, limitBytes));
    }

    public static DomainException dependencyFailed(String dependency, String explanation) {
        return new DomainException(new DomainError.DependencyFailed(dependency, explanation));
    }
}
