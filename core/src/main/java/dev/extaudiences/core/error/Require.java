package dev.extaudiences.core.error;

/** Guard clauses for value constructors: each failure names the field it guards. */
public final class Require {

    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw DomainException.invalid(field, "is required");
        }
        return value;
    }

    public static String notBlank(String value, String field) {
        present(value, field);
        if (value.isBlank()) {
            throw DomainException.invalid(field, "must not be blank");
        }
        return value;
    }

    public static String maxLength(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw DomainException.invalid(field, "must be at most " + max + " characters");
        }
        return value;
    }

    public static String noWhitespace(String value, String field) {
        if (value != null && value.chars().anyMatch(Character::isWhitespace)) {
            throw DomainException.invalid(field, "must not contain spaces");
        }
        return value;
    }
}
