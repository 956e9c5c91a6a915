package dev.extaudiences.core.idempotency;

import java.time.Instant;
import java.util.Objects;

/**
 * One request's attempt to claim a key: its fingerprint, the token its completion or release will name it by, when it
 * claims, until when the key is kept, and before when an uncompleted claim counts as abandoned.
 */
public record ClaimAttempt(RequestFingerprint fingerprint, String token, Instant at, Instant expiresAt,
                           Instant abandonedBefore) {

    public ClaimAttempt {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(abandonedBefore, "abandonedBefore");
        if (!expiresAt.isAfter(at)) {
            throw new IllegalArgumentException("a key must be kept past its claim");
        }
        if (abandonedBefore.isAfter(at)) {
            throw new IllegalArgumentException("a claim cannot count as abandoned before it is made");
        }
    }
}
