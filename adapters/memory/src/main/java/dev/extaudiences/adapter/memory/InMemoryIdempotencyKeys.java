package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.idempotency.ClaimAttempt;
import dev.extaudiences.core.idempotency.IdempotencyKey;
import dev.extaudiences.core.idempotency.KeyClaim;
import dev.extaudiences.core.idempotency.RequestFingerprint;
import dev.extaudiences.core.idempotency.StoredReply;
import dev.extaudiences.core.port.out.IdempotencyKeys;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** Idempotency keys in a map; one lock makes a claim atomic, as a primary key does in a database. */
public final class InMemoryIdempotencyKeys implements IdempotencyKeys {

    private record Key(TenantScope scope, IdempotencyKey key) {
    }

    private record Entry(RequestFingerprint fingerprint, String token, Instant claimedAt, Instant expiresAt,
                         Optional<StoredReply> reply) {
    }

    private final Map<Key, Entry> entries = new HashMap<>();

    @Override
    public synchronized KeyClaim claim(TenantScope scope, IdempotencyKey key, ClaimAttempt attempt) {
        Key at = new Key(scope, key);
        Entry entry = entries.get(at);
        boolean free = entry == null || !entry.expiresAt().isAfter(attempt.at())
                || entry.reply().isEmpty() && entry.claimedAt().isBefore(attempt.abandonedBefore());
        if (free) {
            entries.put(at, new Entry(attempt.fingerprint(), attempt.token(), attempt.at(), attempt.expiresAt(),
                    Optional.empty()));
            return new KeyClaim.Claimed(attempt.token());
        }
        if (!entry.fingerprint().equals(attempt.fingerprint())) {
            return new KeyClaim.Mismatch();
        }
        return entry.reply().<KeyClaim>map(KeyClaim.Replay::new).orElseGet(() -> new KeyClaim.InFlight(entry.claimedAt()));
    }

    @Override
    public synchronized boolean complete(TenantScope scope, IdempotencyKey key, String token, StoredReply reply) {
        Key at = new Key(scope, key);
        Entry entry = entries.get(at);
        if (entry == null || !entry.token().equals(token) || entry.reply().isPresent()) {
            return false;
        }
        entries.put(at, new Entry(entry.fingerprint(), token, entry.claimedAt(), entry.expiresAt(),
                Optional.of(reply)));
        return true;
    }

    @Override
    public synchronized void release(TenantScope scope, IdempotencyKey key, String token) {
        entries.computeIfPresent(new Key(scope, key), (at, entry) -> entry.token().equals(token) ? null : entry);
    }

    @Override
    public synchronized int removeExpired(Instant now, int limit) {
        int removed = 0;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && removed < limit; ) {
            if (!it.next().expiresAt().isAfter(now)) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }
}
