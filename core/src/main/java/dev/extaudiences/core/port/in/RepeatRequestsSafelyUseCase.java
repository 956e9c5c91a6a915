package dev.extaudiences.core.port.in;

import dev.extaudiences.core.idempotency.IdempotencyKey;
import dev.extaudiences.core.idempotency.KeyClaim;
import dev.extaudiences.core.idempotency.RequestFingerprint;
import dev.extaudiences.core.idempotency.StoredReply;
import dev.extaudiences.core.tenant.TenantScope;

/**
 * Lets a client send a request again under an idempotency key without its work being done twice: the driving adapter
 * claims the key before the work, and keeps the reply after it (or frees the key when the work did nothing).
 */
public interface RepeatRequestsSafelyUseCase {

    /** Claims the key for the request, within the window the domain keeps keys for; see {@link KeyClaim}. */
    KeyClaim claim(TenantScope scope, IdempotencyKey key, RequestFingerprint fingerprint);

    /** Keeps the reply of a claimed request, to answer the same request with until the key expires. */
    void keep(TenantScope scope, IdempotencyKey key, KeyClaim.Claimed claim, StoredReply reply);

    /** Frees a claimed key whose request did nothing (it was refused, or failed), so that a retry does the work. */
    void release(TenantScope scope, IdempotencyKey key, KeyClaim.Claimed claim);
}
