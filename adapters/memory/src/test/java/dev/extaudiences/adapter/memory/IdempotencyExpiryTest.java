package dev.extaudiences.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.Stores;
import dev.extaudiences.core.idempotency.ClaimAttempt;
import dev.extaudiences.core.idempotency.IdempotencyKey;
import dev.extaudiences.core.idempotency.KeyClaim;
import dev.extaudiences.core.idempotency.RequestFingerprint;
import dev.extaudiences.core.idempotency.StoredReply;
import dev.extaudiences.core.port.in.RepeatRequestsSafelyUseCase;
import dev.extaudiences.core.port.out.IdempotencyKeys;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keys live for the configured window by the domain's clock, and the background work removes them after it. */
class IdempotencyExpiryTest {

    private static final TenantScope SCOPE = new TenantScope("1234@AdobeOrg", "prod");
    private static final IdempotencyKey KEY = new IdempotencyKey("retry-me");
    private static final RequestFingerprint REQUEST = new RequestFingerprint("create-gold");

    @Test
    @DisplayName("a kept reply is answered for the whole window by the injected clock, then the key is free and a sweep removes it")
    void theWindowFollowsTheClock() {
        MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");
        try (ExternalAudiences domain = ExternalAudiences.builder(InMemoryStores.create()).clock(clock)
                .idempotencyWindow(Duration.ofHours(6)).build()) {
            RepeatRequestsSafelyUseCase keys = domain.useCases().repeatSafely();
            KeyClaim.Claimed first = (KeyClaim.Claimed) keys.claim(SCOPE, KEY, REQUEST);
            keys.keep(SCOPE, KEY, first, new StoredReply(202, "{\"operationId\":\"op-1\"}"));

            clock.advance(Duration.ofHours(6).minusMillis(1));
            KeyClaim withinWindow = keys.claim(SCOPE, KEY, REQUEST);
            assertThat(domain.sweepExpiredIdempotencyKeys()).isZero();
            clock.advance(Duration.ofMillis(1));
            long swept = domain.sweepExpiredIdempotencyKeys();
            KeyClaim afterWindow = keys.claim(SCOPE, KEY, new RequestFingerprint("another request"));

            assertThat(withinWindow).isEqualTo(new KeyClaim.Replay(new StoredReply(202, "{\"operationId\":\"op-1\"}")));
            assertThat(swept).isEqualTo(1);
            assertThat(afterWindow).isInstanceOf(KeyClaim.Claimed.class);
        }
    }

    @Test
    @DisplayName("the background work's sweeps remove expired keys, by the injected clock")
    void backgroundSweeps() throws InterruptedException {
        MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");
        Stores memory = InMemoryStores.create();
        LinkedBlockingQueue<Instant> sweptAt = new LinkedBlockingQueue<>();
        IdempotencyKeys watched = new ContractsDetectBrokenIdempotencyKeysTest.DelegatingKeys(memory.idempotencyKeys()) {
            @Override
            public int removeExpired(Instant now, int limit) {
                int removed = super.removeExpired(now, limit);
                if (removed > 0) {
                    sweptAt.add(now);
                }
                return removed;
            }
        };
        Stores stores = new Stores(memory.audiences(), memory.operations(), memory.runs(), memory.stagedMembers(),
                memory.members(), watched);
        watched.claim(SCOPE, KEY, new ClaimAttempt(REQUEST, "token", clock.instant(),
                clock.instant().plus(Duration.ofHours(24)), clock.instant().minusSeconds(120)));
        try (ExternalAudiences domain = ExternalAudiences.builder(stores).clock(clock).build()) {
            clock.advance(Duration.ofHours(24));
            domain.startBackgroundWork(0, Duration.ofHours(1), Duration.ofMillis(10));

            Instant removedAt = sweptAt.poll(30, TimeUnit.SECONDS);

            assertThat(removedAt).as("a sweep removed the expired key").isEqualTo(clock.instant());
        }
    }
}
