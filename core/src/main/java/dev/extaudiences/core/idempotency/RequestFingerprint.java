package dev.extaudiences.core.idempotency;

import dev.extaudiences.core.error.Require;

/**
 * What a request said, reduced to a digest by the adapter that read it (its method, target and body): a key sent
 * again with another fingerprint is another request under a used key, and is refused rather than answered with the
 * first one's reply.
 */
public record RequestFingerprint(String value) {

    public RequestFingerprint {
        Require.maxLength(Require.notBlank(value, "fingerprint"), 128, "fingerprint");
    }
}
