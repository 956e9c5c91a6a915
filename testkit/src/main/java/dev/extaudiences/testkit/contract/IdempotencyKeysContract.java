package dev.extaudiences.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.idempotency.ClaimAttempt;
import dev.extaudiences.core.idempotency.IdempotencyKey;
import dev.extaudiences.core.idempotency.KeyClaim;
import dev.extaudiences.core.idempotency.RequestFingerprint;
import dev.extaudiences.core.idempotency.StoredReply;
import dev.extaudiences.core.port.out.IdempotencyKeys;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.Race;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** What every {@link IdempotencyKeys} store guarantees. Rule ids are stable: IDEM-nn. */
public abstract class IdempotencyKeysContract extends StoresContract {

    private static final Duration WINDOW = Duration.ofHours(24);
    private static final Duration ABANDON = Duration.ofMinutes(2);
    private static final RequestFingerprint THIS = new RequestFingerprint("fingerprint-of-this-request");
    private static final RequestFingerprint OTHER = new RequestFingerprint("fingerprint-of-another-request");

    private IdempotencyKeys keys() {
        return stores.idempotencyKeys();
    }

    private static IdempotencyKey newKey() {
        return new IdempotencyKey("key-" + UUID.randomUUID());
    }

    private static ClaimAttempt attempt(RequestFingerprint fingerprint, Instant at) {
        return new ClaimAttempt(fingerprint, UUID.randomUUID().toString(), at, at.plus(WINDOW), at.minus(ABANDON));
    }

    private KeyClaim.Claimed claimed(TenantScope scope, IdempotencyKey key, ClaimAttempt attempt) {
        KeyClaim claim = keys().claim(scope, key, attempt);
        assertThat(claim).as("a free key is claimed").isInstanceOf(KeyClaim.Claimed.class);
        assertThat(((KeyClaim.Claimed) claim).token()).isEqualTo(attempt.token());
        return (KeyClaim.Claimed) claim;
    }

    @Test
    @DisplayName("IDEM-01: a free key is claimed; claimed again before it is answered, it is in flight since the first claim for the same request, and a mismatch for another")
    void idem01_claimThenInFlight() {
        TenantScope scope = freshScope();
        IdempotencyKey key = newKey();
        Instant first = Generators.EPOCH;
        claimed(scope, key, attempt(THIS, first));

        KeyClaim again = keys().claim(scope, key, attempt(THIS, first.plusSeconds(5)));
        KeyClaim other = keys().claim(scope, key, attempt(OTHER, first.plusSeconds(6)));

        assertThat(again).isEqualTo(new KeyClaim.InFlight(first));
        assertThat(other).isInstanceOf(KeyClaim.Mismatch.class);
    }

    @Test
    @DisplayName("IDEM-02: a completed key replays its reply exactly (status and body) to the same request for the whole window, and is a mismatch for another request")
    void idem02_replay() {
        Property.forAll(Generate.pick(List.of(200, 202, 400, 404)).zip(SourceDSL.strings()
                .betweenCodePoints(0x20, 0xD7FF).ofLengthBetween(0, 300), StoredReply::new), reply -> {
            TenantScope scope = freshScope();
            IdempotencyKey key = newKey();
            Instant first = Generators.EPOCH;
            KeyClaim.Claimed claim = claimed(scope, key, attempt(THIS, first));

            assertThat(keys().complete(scope, key, claim.token(), reply)).isTrue();

            Instant lastMoment = first.plus(WINDOW).minusMillis(1);
            assertThat(keys().claim(scope, key, attempt(THIS, first.plusSeconds(1))))
                    .isEqualTo(new KeyClaim.Replay(reply));
            assertThat(keys().claim(scope, key, attempt(THIS, lastMoment))).isEqualTo(new KeyClaim.Replay(reply));
            assertThat(keys().claim(scope, key, attempt(OTHER, lastMoment))).isInstanceOf(KeyClaim.Mismatch.class);
            assertThat(keys().complete(scope, key, claim.token(), new StoredReply(500, "again")))
                    .as("a completed claim is completed once").isFalse();
            assertThat(keys().claim(scope, key, attempt(THIS, lastMoment))).isEqualTo(new KeyClaim.Replay(reply));
        });
    }

    @Test
    @DisplayName("IDEM-03: keys are per (org, sandbox): the same key in another sandbox or org is another key")
    void idem03_scoped() {
        TenantScope scope = freshScope();
        IdempotencyKey key = newKey();
        KeyClaim.Claimed claim = claimed(scope, key, attempt(THIS, Generators.EPOCH));
        keys().complete(scope, key, claim.token(), new StoredReply(200, "{}"));

        claimed(new TenantScope(scope.orgId(), scope.sandboxName() + "-other"), key,
                attempt(OTHER, Generators.EPOCH));
        claimed(new TenantScope("other-" + scope.orgId(), scope.sandboxName()), key, attempt(THIS, Generators.EPOCH));
        assertThat(keys().claim(scope, key, attempt(THIS, Generators.EPOCH)))
                .isEqualTo(new KeyClaim.Replay(new StoredReply(200, "{}")));
    }

    @Test
    @DisplayName("IDEM-04: of concurrent claims of one key, exactly one is claimed; every other is in flight")
    void idem04_oneClaimWins() throws InterruptedException {
        TenantScope scope = freshScope();
        IdempotencyKey key = newKey();
        int contenders = 12;

        List<KeyClaim> claims = Race.run(contenders, i -> {
            ClaimAttempt attempt = attempt(THIS, Generators.EPOCH.plusMillis(i));
            return () -> keys().claim(scope, key, attempt);
        });

        assertThat(claims).filteredOn(KeyClaim.Claimed.class::isInstance).as("claimed").hasSize(1);
        assertThat(claims).filteredOn(KeyClaim.InFlight.class::isInstance).hasSize(contenders - 1);
    }

    @Test
    @DisplayName("IDEM-05: a key expires at the end of its window: then it is claimed afresh, by any request; removing expired keys removes those only, at most the limit, and says how many")
    void idem05_expiry() {
        TenantScope scope = freshScope();
        IdempotencyKey expiring = newKey();
        IdempotencyKey kept = newKey();
        Instant first = Generators.EPOCH.plus(Duration.ofDays(400));
        KeyClaim.Claimed claim = claimed(scope, expiring, attempt(THIS, first));
        keys().complete(scope, expiring, claim.token(), new StoredReply(200, "first"));
        KeyClaim.Claimed keptClaim = claimed(scope, kept, attempt(THIS, first.plus(Duration.ofHours(1))));
        keys().complete(scope, kept, keptClaim.token(), new StoredReply(202, "kept"));
        Instant end = first.plus(WINDOW);

        int removed = keys().removeExpired(end, 1_000_000);

        assertThat(removed).isGreaterThanOrEqualTo(1);
        assertThat(keys().claim(scope, kept, attempt(OTHER, end))).as("not expired yet")
                .isInstanceOf(KeyClaim.Mismatch.class);
        claimed(scope, expiring, attempt(OTHER, end));

        IdempotencyKey lapsed = newKey();
        claimed(scope, lapsed, attempt(THIS, first));
        assertThat(keys().claim(scope, lapsed, attempt(OTHER, end.plusMillis(1))))
                .as("an expired record is claimed afresh even before it is removed")
                .isInstanceOf(KeyClaim.Claimed.class);
        assertThat(keys().removeExpired(Generators.EPOCH.plus(Duration.ofDays(9_000)), 1)).isEqualTo(1);
    }

    @Test
    @DisplayName("IDEM-06: a released key is free again, for any request; a release or completion naming another claim's token changes nothing")
    void idem06_release() {
        TenantScope scope = freshScope();
        IdempotencyKey key = newKey();
        Instant at = Generators.EPOCH;
        KeyClaim.Claimed first = claimed(scope, key, attempt(THIS, at));

        keys().release(scope, key, "not-" + first.token());
        assertThat(keys().complete(scope, key, "not-" + first.token(), new StoredReply(200, "stranger"))).isFalse();
        assertThat(keys().claim(scope, key, attempt(THIS, at.plusSeconds(1)))).isEqualTo(new KeyClaim.InFlight(at));

        keys().release(scope, key, first.token());

        KeyClaim.Claimed second = claimed(scope, key, attempt(OTHER, at.plusSeconds(2)));
        assertThat(keys().complete(scope, key, first.token(), new StoredReply(200, "released"))).isFalse();
        assertThat(keys().complete(scope, key, second.token(), new StoredReply(202, "second"))).isTrue();
        assertThat(keys().claim(scope, key, attempt(OTHER, at.plusSeconds(3))))
                .isEqualTo(new KeyClaim.Replay(new StoredReply(202, "second")));
    }

    @Test
    @DisplayName("IDEM-07: a claim never answered is taken over once it is abandoned; the first claimant can then neither complete nor release it, and an answered key is never taken over")
    void idem07_abandoned() {
        TenantScope scope = freshScope();
        IdempotencyKey key = newKey();
        Instant at = Generators.EPOCH;
        KeyClaim.Claimed first = claimed(scope, key, attempt(THIS, at));
        Instant later = at.plus(ABANDON).plusMillis(1);

        KeyClaim.Claimed second = claimed(scope, key, attempt(THIS, later));

        assertThat(keys().complete(scope, key, first.token(), new StoredReply(202, "first"))).isFalse();
        keys().release(scope, key, first.token());
        assertThat(keys().claim(scope, key, attempt(THIS, later.plusSeconds(1)))).isEqualTo(new KeyClaim.InFlight(later));
        assertThat(keys().complete(scope, key, second.token(), new StoredReply(202, "second"))).isTrue();
        Instant muchLater = later.plus(ABANDON).plusSeconds(60);
        assertThat(keys().claim(scope, key, attempt(THIS, muchLater)))
                .isEqualTo(new KeyClaim.Replay(new StoredReply(202, "second")));
    }

    @Test
    @DisplayName("IDEM-08: of concurrent claims of an expired or abandoned key, exactly one takes it over; every other is in flight")
    void idem08_oneTakeOverWins() throws InterruptedException {
        TenantScope scope = freshScope();
        IdempotencyKey expired = newKey();
        IdempotencyKey abandoned = newKey();
        Instant first = Generators.EPOCH;
        KeyClaim.Claimed old = claimed(scope, expired, attempt(THIS, first));
        keys().complete(scope, expired, old.token(), new StoredReply(200, "old"));
        claimed(scope, abandoned, attempt(THIS, first));
        int contenders = 12;

        List<KeyClaim> afterExpiry = Race.run(contenders, i -> {
            ClaimAttempt attempt = attempt(i % 2 == 0 ? THIS : OTHER, first.plus(WINDOW).plusMillis(i));
            return () -> keys().claim(scope, expired, attempt);
        });
        List<KeyClaim> afterAbandon = Race.run(contenders, i -> {
            ClaimAttempt attempt = attempt(THIS, first.plus(ABANDON).plusSeconds(1).plusMillis(i));
            return () -> keys().claim(scope, abandoned, attempt);
        });

        assertThat(afterExpiry).filteredOn(KeyClaim.Claimed.class::isInstance).as("expired, claimed").hasSize(1);
        assertThat(afterExpiry).filteredOn(claim -> !(claim instanceof KeyClaim.Claimed))
                .allMatch(claim -> claim instanceof KeyClaim.InFlight || claim instanceof KeyClaim.Mismatch);
        assertThat(afterAbandon).filteredOn(KeyClaim.Claimed.class::isInstance).as("abandoned, claimed").hasSize(1);
        assertThat(afterAbandon).filteredOn(KeyClaim.InFlight.class::isInstance).hasSize(contenders - 1);
    }
}
