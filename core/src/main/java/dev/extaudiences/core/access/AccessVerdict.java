package dev.extaudiences.core.access;

import dev.extaudiences.core.tenant.UserId;
import java.util.Objects;

/** Whether a caller may use the API: granted as a user, or denied for one reason of a closed set. */
public sealed interface AccessVerdict {

    record Granted(UserId user) implements AccessVerdict {
        public Granted {
            Objects.requireNonNull(user, "user");
        }
    }

    record Denied(Denial denial, String explanation) implements AccessVerdict {
        public Denied {
            Objects.requireNonNull(denial, "denial");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /** Why access was denied; each maps to one error code of the contract. */
    enum Denial {
        /** The token is unknown, malformed, badly signed or expired. */
        INVALID_TOKEN,
        /** The token is valid, but for another org than the one named. */
        OTHER_ORG,
        /** The API key is not allowed to use this API. */
        KEY_NOT_ALLOWED
    }
}
