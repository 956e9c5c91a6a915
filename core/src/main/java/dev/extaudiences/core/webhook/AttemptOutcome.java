package dev.extaudiences.core.webhook;

import java.util.Objects;

/** What one attempt at a delivery came to: a closed set, so that every outcome is handled by name. */
public sealed interface AttemptOutcome {

    /** The receiver acknowledged the event with a 2xx status. */
    record Acknowledged(int statusCode) implements AttemptOutcome {
        public Acknowledged {
            if (statusCode < 200 || statusCode > 299) {
                throw new IllegalArgumentException("an acknowledgement is a 2xx status, not " + statusCode);
            }
        }
    }

    /** The receiver answered, but not with a 2xx status. */
    record Refused(int statusCode) implements AttemptOutcome {
        public Refused {
            if (statusCode < 100 || statusCode > 599 || (statusCode >= 200 && statusCode <= 299)) {
                throw new IllegalArgumentException("a refusal is a non-2xx HTTP status, not " + statusCode);
            }
        }
    }

    /** No answer: the connection was refused, or it or the answer took longer than allowed, or it broke. */
    record Unreachable(String error) implements AttemptOutcome {
        public Unreachable {
            Objects.requireNonNull(error, "error");
            error = error.length() > 500 ? error.substring(0, 500) : error;
        }
    }

    default boolean acknowledged() {
        return this instanceof Acknowledged;
    }
}
