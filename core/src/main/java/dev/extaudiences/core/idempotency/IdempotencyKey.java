package dev.extaudiences.core.idempotency;

import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Require;

/**
 * A client's name for one request it may send more than once: 1 to 255 visible ASCII characters (spaces inside
 * allowed). Anything else would be stored and compared as a different key than the one the client meant, after a
 * proxy re-encoded or trimmed it.
 */
public record IdempotencyKey(String value) {

    /** The name a refusal gives; how a caller sends the key (a header) is the adapter's to say. */
    public static final String FIELD = "idempotencyKey";
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        Require.present(value, FIELD);
        if (value.isEmpty()) {
            throw DomainException.invalid(FIELD, "must not be empty");
        }
        Require.maxLength(value, MAX_LENGTH, FIELD);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw DomainException.invalid(FIELD, "must not contain control characters (one at position " + i + ")");
            }
            if (c > 0x7e) {
                throw DomainException.invalid(FIELD, "must be visible ASCII (a character outside it at position "
                        + i + ")");
            }
        }
        if (value.isBlank()) {
            throw DomainException.invalid(FIELD, "must not be blank");
        }
        if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            throw DomainException.invalid(FIELD, "must not start or end with a space");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
