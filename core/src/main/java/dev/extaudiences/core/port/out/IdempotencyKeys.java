package dev.extaudiences.core.port.out;

import dev.extaudiences.core.idempotency.ClaimAttempt;
import dev.extaudiences.core.idempotency.IdempotencyKey;
import dev.extaudiences.core.idempotency.KeyClaim;
import dev.extaudiences.core.idempotency.StoredReply;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;

/**
 * Where idempotency keys are claimed and their first replies kept, per (org, sandbox). A claim is decided by the store
 * atomically: of concurrent claims of one key (threads of one node, nodes sharing one database) exactly one is
 * {@link KeyClaim.Claimed}.
 */
public interface IdempotencyKeys {

    /**
     * Claims {@code key} for the attempt's request, at its time, until its expiry. A key with no record, or whose
     * record expired (at or before the attempt's time), or whose claim was made before the attempt's
     * {@code abandonedBefore} and never completed (its node died in the middle), is claimed afresh under the attempt's
     * token ({@code Claimed}); otherwise the record answers: its reply ({@code Replay}), that it is still being worked
     * on ({@code InFlight}), both only for the same fingerprint, or {@code Mismatch} for another.
     */
    KeyClaim claim(TenantScope scope, IdempotencyKey key, ClaimAttempt attempt);

    /**
     * Keeps the reply of the claim {@code token} names; answers false, and changes nothing, when that claim is no
     * longer the key's (it was released, taken over as abandoned, or expired and removed).
     */
    boolean complete(TenantScope scope, IdempotencyKey key, String token, StoredReply reply);

    /** Frees the key of the claim {@code token} names, so that a retry does the work; no-op when it is not the key's. */
    void release(TenantScope scope, IdempotencyKey key, String token);

    /** Removes up to {@code limit} records that expired at or before {@code now}; answers how many. */
    int removeExpired(Instant now, int limit);
}
