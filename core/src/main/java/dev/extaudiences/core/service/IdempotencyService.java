package dev.extaudiences.core.service;

import dev.extaudiences.core.idempotency.ClaimAttempt;
import dev.extaudiences.core.idempotency.IdempotencyKey;
import dev.extaudiences.core.idempotency.KeyClaim;
import dev.extaudiences.core.idempotency.RequestFingerprint;
import dev.extaudiences.core.idempotency.StoredReply;
import dev.extaudiences.core.port.in.RepeatRequestsSafelyUseCase;
import dev.extaudiences.core.port.out.IdempotencyKeys;
import dev.extaudiences.core.port.out.Ids;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Keys kept for {@code window} from their first claim (the public draft's and Stripe's 24 hours by default). A claim
 * never completed (its node died between the claim and the reply) is taken over after {@code abandonAfter}: the key
 * is not blocked for the rest of its window, at the price of the retry doing the work again if the dead node had
 * done it.
 */
public final class IdempotencyService implements RepeatRequestsSafelyUseCase {

    private final IdempotencyKeys keys;
    private final Ids ids;
    private final Clock clock;
    private final Duration window;
    private final Duration abandonAfter;

    public IdempotencyService(IdempotencyKeys keys, Ids ids, Clock clock, Duration window, Duration abandonAfter) {
        this.keys = Objects.requireNonNull(keys);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
        this.window = requirePositive(window, "window");
        this.abandonAfter = requirePositive(abandonAfter, "abandonAfter");
    }

    @Override
    public KeyClaim claim(TenantScope scope, IdempotencyKey key, RequestFingerprint fingerprint) {
        Instant now = clock.instant();
        return keys.claim(scope, key, new ClaimAttempt(fingerprint, ids.next(), now, now.plus(window),
                now.minus(abandonAfter)));
    }

    @Override
    public void keep(TenantScope scope, IdempotencyKey key, KeyClaim.Claimed claim, StoredReply reply) {
        // false: the claim was taken over as abandoned; the other claimant's reply is the one kept
        keys.complete(scope, key, claim.token(), reply);
    }

    @Override
    public void release(TenantScope scope, IdempotencyKey key, KeyClaim.Claimed claim) {
        keys.release(scope, key, claim.token());
    }

    private static Duration requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        return duration;
    }
}
