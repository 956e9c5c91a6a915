package dev.extaudiences.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.Stores;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.idempotency.ClaimAttempt;
import dev.extaudiences.core.idempotency.IdempotencyKey;
import dev.extaudiences.core.idempotency.KeyClaim;
import dev.extaudiences.core.idempotency.RequestFingerprint;
import dev.extaudiences.core.idempotency.StoredReply;
import dev.extaudiences.core.port.out.IdempotencyKeys;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.contract.IdempotencyKeysContract;
import dev.extaudiences.testkit.contract.RunDayCountsContract;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each idempotency or day-count rule shown failing against a store broken in exactly the way the rule guards against
 * (as {@code ContractsDetectBrokenStoresTest} does for the other stores).
 */
class ContractsDetectBrokenIdempotencyKeysTest {

    private static List<String> failedRules(Class<?> contractAgainstBrokenStore) {
        return FailedRules.of(contractAgainstBrokenStore);
    }

    private static Stores with(IdempotencyKeys keys) {
        Stores base = InMemoryStores.create();
        return new Stores(base.audiences(), base.operations(), base.runs(), base.stagedMembers(), base.members(), keys);
    }

    @Test
    @DisplayName("IDEM-01 and IDEM-02 catch a store that answers a key's record to any request, whatever its fingerprint")
    void fingerprintBlind() {
        assertThat(failedRules(FingerprintBlindKeys.class)).contains("IDEM-01", "IDEM-02");
    }

    @Test
    @DisplayName("IDEM-03 catches a store that keeps one key for every scope")
    void scopeBlind() {
        assertThat(failedRules(ScopeBlindKeys.class)).contains("IDEM-03");
    }

    @Test
    @DisplayName("IDEM-04 and IDEM-08 catch a store that looks a key up, then claims or takes it over in a second step")
    void lookThenClaim() {
        assertThat(failedRules(LookThenClaimKeys.class)).contains("IDEM-04", "IDEM-08");
    }

    @Test
    @DisplayName("IDEM-05 catches a store whose keys never expire")
    void neverExpiring() {
        assertThat(failedRules(NeverExpiringKeys.class)).contains("IDEM-05");
    }

    @Test
    @DisplayName("IDEM-06 and IDEM-07 catch a store whose release and completion ignore whose claim they name")
    void tokenBlind() {
        assertThat(failedRules(TokenBlindKeys.class)).contains("IDEM-06", "IDEM-07");
    }

    @Test
    @DisplayName("QUO-02 catches a store that counts the runs it still holds instead of what its guardrail counted")
    void countsStoredRuns() {
        assertThat(failedRules(StoredRunCounts.class)).contains("QUO-02");
    }

    @Test
    @DisplayName("QUO-01 catches a store whose sandbox count is blind to the day")
    void dayBlind() {
        assertThat(failedRules(DayBlindCounts.class)).contains("QUO-01");
    }

    // ---- the broken stores: each a contract run against a store with one guarantee broken ----

    static class FingerprintBlindKeys extends IdempotencyKeysContract {
        @Override
        protected Stores newStores() {
            return with(new DelegatingKeys(new InMemoryIdempotencyKeys()) {
                private final RequestFingerprint one = new RequestFingerprint("one");

                @Override
                public KeyClaim claim(TenantScope scope, IdempotencyKey key, ClaimAttempt attempt) {
                    return super.claim(scope, key, new ClaimAttempt(one, attempt.token(), attempt.at(),
                            attempt.expiresAt(), attempt.abandonedBefore()));
                }
            });
        }
    }

    static class ScopeBlindKeys extends IdempotencyKeysContract {
        private static final TenantScope EVERYWHERE = new TenantScope("all", "all");

        @Override
        protected Stores newStores() {
            return with(new DelegatingKeys(new InMemoryIdempotencyKeys()) {
                @Override
                public KeyClaim claim(TenantScope scope, IdempotencyKey key, ClaimAttempt attempt) {
                    return super.claim(EVERYWHERE, key, attempt);
                }

                @Override
                public boolean complete(TenantScope scope, IdempotencyKey key, String token, StoredReply reply) {
                    return super.complete(EVERYWHERE, key, token, reply);
                }

                @Override
                public void release(TenantScope scope, IdempotencyKey key, String token) {
                    super.release(EVERYWHERE, key, token);
                }
            });
        }
    }

    static class LookThenClaimKeys extends IdempotencyKeysContract {
        @Override
        protected Stores newStores() {
            return with(new LookThenClaim());
        }
    }

    /**
     * The bug: "is it free?" (absent, expired or abandoned) and "claim it" are two steps, with room between them for
     * another claim; everything else it does as the real store does.
     */
    static final class LookThenClaim implements IdempotencyKeys {
        private record Entry(ClaimAttempt attempt, java.util.Optional<StoredReply> reply) {
        }

        private final java.util.Map<String, Entry> entries = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public KeyClaim claim(TenantScope scope, IdempotencyKey key, ClaimAttempt attempt) {
            String at = scope + "/" + key;
            Entry existing = entries.get(at);
            boolean free = existing == null || !existing.attempt().expiresAt().isAfter(attempt.at())
                    || existing.reply().isEmpty() && existing.attempt().at().isBefore(attempt.abandonedBefore());
            if (free) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                entries.put(at, new Entry(attempt, java.util.Optional.empty()));
                return new KeyClaim.Claimed(attempt.token());
            }
            if (!existing.attempt().fingerprint().equals(attempt.fingerprint())) {
                return new KeyClaim.Mismatch();
            }
            return existing.reply().<KeyClaim>map(KeyClaim.Replay::new)
                    .orElseGet(() -> new KeyClaim.InFlight(existing.attempt().at()));
        }

        @Override
        public synchronized boolean complete(TenantScope scope, IdempotencyKey key, String token, StoredReply reply) {
            Entry entry = entries.get(scope + "/" + key);
            if (entry == null || !entry.attempt().token().equals(token) || entry.reply().isPresent()) {
                return false;
            }
            entries.put(scope + "/" + key, new Entry(entry.attempt(), java.util.Optional.of(reply)));
            return true;
        }

        @Override
        public synchronized void release(TenantScope scope, IdempotencyKey key, String token) {
            entries.computeIfPresent(scope + "/" + key,
                    (at, entry) -> entry.attempt().token().equals(token) ? null : entry);
        }

        @Override
        public synchronized int removeExpired(Instant now, int limit) {
            int before = entries.size();
            entries.values().removeIf(entry -> !entry.attempt().expiresAt().isAfter(now));
            return Math.min(limit, before - entries.size());
        }
    }

    static class NeverExpiringKeys extends IdempotencyKeysContract {
        @Override
        protected Stores newStores() {
            return with(new DelegatingKeys(new InMemoryIdempotencyKeys()) {
                @Override
                public KeyClaim claim(TenantScope scope, IdempotencyKey key, ClaimAttempt attempt) {
                    return super.claim(scope, key, new ClaimAttempt(attempt.fingerprint(), attempt.token(),
                            attempt.at(), Instant.MAX, attempt.abandonedBefore()));
                }

                @Override
                public int removeExpired(Instant now, int limit) {
                    return 0;
                }
            });
        }
    }

    static class TokenBlindKeys extends IdempotencyKeysContract {
        @Override
        protected Stores newStores() {
            return with(new TokenBlind());
        }
    }

    /** The bug: the key's current claim is whatever a caller names, so a late first claimant overwrites the second. */
    static final class TokenBlind implements IdempotencyKeys {
        private final InMemoryIdempotencyKeys inner = new InMemoryIdempotencyKeys();
        private final java.util.Map<String, String> current = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public KeyClaim claim(TenantScope scope, IdempotencyKey key, ClaimAttempt attempt) {
            KeyClaim claim = inner.claim(scope, key, attempt);
            if (claim instanceof KeyClaim.Claimed claimed) {
                current.put(scope + "/" + key, claimed.token());
            }
            return claim;
        }

        @Override
        public boolean complete(TenantScope scope, IdempotencyKey key, String token, StoredReply reply) {
            return inner.complete(scope, key, current.getOrDefault(scope + "/" + key, token), reply);
        }

        @Override
        public void release(TenantScope scope, IdempotencyKey key, String token) {
            inner.release(scope, key, current.getOrDefault(scope + "/" + key, token));
        }

        @Override
        public int removeExpired(Instant now, int limit) {
            return inner.removeExpired(now, limit);
        }
    }

    static class StoredRunCounts extends RunDayCountsContract {
        @Override
        protected Stores newStores() {
            Stores base = InMemoryStores.create();
            return new Stores(base.audiences(), base.operations(),
                    new ContractsDetectBrokenStoresTest.DelegatingRuns(new InMemoryIngestionRuns()) {
                        @Override
                        public long runsCounted(TenantScope scope, Instant day) {
                            return countCreatedSince(scope, day) - countCreatedSince(scope, day.plusSeconds(86_400));
                        }
                    }, base.stagedMembers(), base.members(), base.idempotencyKeys());
        }
    }

    static class DayBlindCounts extends RunDayCountsContract {
        @Override
        protected Stores newStores() {
            Stores base = InMemoryStores.create();
            return new Stores(base.audiences(), base.operations(),
                    new ContractsDetectBrokenStoresTest.DelegatingRuns(new InMemoryIngestionRuns()) {
                        @Override
                        public long runsCounted(TenantScope scope, AudienceId audienceId, Instant day) {
                            return countCreatedSince(scope, audienceId, Instant.EPOCH);
                        }
                    }, base.stagedMembers(), base.members(), base.idempotencyKeys());
        }
    }

    /** Every call passed on; a broken store overrides the one it breaks. */
    static class DelegatingKeys implements IdempotencyKeys {
        private final IdempotencyKeys inner;

        DelegatingKeys(IdempotencyKeys inner) {
            this.inner = inner;
        }

        @Override
        public KeyClaim claim(TenantScope scope, IdempotencyKey key, ClaimAttempt attempt) {
            return inner.claim(scope, key, attempt);
        }

        @Override
        public boolean complete(TenantScope scope, IdempotencyKey key, String token, StoredReply reply) {
            return inner.complete(scope, key, token, reply);
        }

        @Override
        public void release(TenantScope scope, IdempotencyKey key, String token) {
            inner.release(scope, key, token);
        }

        @Override
        public int removeExpired(Instant now, int limit) {
            return inner.removeExpired(now, limit);
        }
    }
}
