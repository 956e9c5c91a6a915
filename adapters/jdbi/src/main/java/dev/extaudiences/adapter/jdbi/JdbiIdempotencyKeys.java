package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.idempotency.ClaimAttempt;
import dev.extaudiences.core.idempotency.IdempotencyKey;
import dev.extaudiences.core.idempotency.KeyClaim;
import dev.extaudiences.core.idempotency.StoredReply;
import dev.extaudiences.core.port.out.IdempotencyKeys;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Idempotency keys in the {@code idempotency_keys} table. A claim is an insert that the primary key lets through
 * once, whichever node sends it; a key whose record expired or was abandoned is taken over by a conditional update,
 * which the row lock also lets through once.
 */
public final class JdbiIdempotencyKeys implements IdempotencyKeys {

    // a record can vanish between a refused insert and the read (released, removed as expired): claim again, a few
    // times at most, since each round means another request just finished with the key
    private static final int ROUNDS = 5;

    private final Jdbi jdbi;

    public JdbiIdempotencyKeys(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public KeyClaim claim(TenantScope scope, IdempotencyKey key, ClaimAttempt attempt) {
        for (int round = 0; round < ROUNDS; round++) {
            Optional<KeyClaim> decided = claimOnce(scope, key, attempt);
            if (decided.isPresent()) {
                return decided.get();
            }
        }
        // the key keeps changing hands under this request: tell the client it is in use, to send it again later
        return new KeyClaim.InFlight(attempt.at());
    }

    private Optional<KeyClaim> claimOnce(TenantScope scope, IdempotencyKey key, ClaimAttempt attempt) {
        if (inserted(scope, key, attempt)) {
            return Optional.of(new KeyClaim.Claimed(attempt.token()));
        }
        int takenOver = SqlErrors.guarded(() -> jdbi.withExtension(IdempotencyKeyDao.class, dao -> dao.takeOver(
                scope.orgId(), scope.sandboxName(), key.value(), attempt.fingerprint().value(), attempt.token(),
                attempt.at().toEpochMilli(), attempt.expiresAt().toEpochMilli(),
                attempt.abandonedBefore().toEpochMilli())));
        if (takenOver == 1) {
            return Optional.of(new KeyClaim.Claimed(attempt.token()));
        }
        return SqlErrors.guarded(() -> jdbi.withExtension(IdempotencyKeyDao.class,
                dao -> dao.find(scope.orgId(), scope.sandboxName(), key.value())))
                .map(row -> answer(row, attempt));
    }

    /** In a statement of its own: on PostgreSQL a refused statement would abort the transaction around it. */
    private boolean inserted(TenantScope scope, IdempotencyKey key, ClaimAttempt attempt) {
        try {
            jdbi.useExtension(IdempotencyKeyDao.class, dao -> dao.insert(scope.orgId(), scope.sandboxName(),
                    key.value(), attempt.fingerprint().value(), attempt.token(), attempt.at().toEpochMilli(),
                    attempt.expiresAt().toEpochMilli()));
            return true;
        } catch (JdbiException failure) {
            if (SqlErrors.violates(failure, SqlErrors.UNIQUE_VIOLATION, "idempotency_keys_pk")) {
                return false;
            }
            throw SqlErrors.unexpected(failure);
        }
    }

    private static KeyClaim answer(IdempotencyKeyDao.Row row, ClaimAttempt attempt) {
        if (!row.fingerprint().equals(attempt.fingerprint().value())) {
            return new KeyClaim.Mismatch();
        }
        if (row.status() == null) {
            return new KeyClaim.InFlight(Instant.ofEpochMilli(row.claimedAt()));
        }
        return new KeyClaim.Replay(new StoredReply(row.status(), row.body()));
    }

    @Override
    public boolean complete(TenantScope scope, IdempotencyKey key, String token, StoredReply reply) {
        return SqlErrors.guarded(() -> jdbi.withExtension(IdempotencyKeyDao.class, dao -> dao.complete(scope.orgId(),
                scope.sandboxName(), key.value(), token, reply.status(), reply.body()))) == 1;
    }

    @Override
    public void release(TenantScope scope, IdempotencyKey key, String token) {
        SqlErrors.guarded(() -> jdbi.useExtension(IdempotencyKeyDao.class,
                dao -> dao.release(scope.orgId(), scope.sandboxName(), key.value(), token)));
    }

    @Override
    public int removeExpired(Instant now, int limit) {
        long at = now.toEpochMilli();
        return SqlErrors.guarded(() -> jdbi.inTransaction(handle -> {
            IdempotencyKeyDao dao = handle.attach(IdempotencyKeyDao.class);
            int removed = 0;
            // row by row on the primary key: portable to H2 and PostgreSQL, and each re-checks the expiry
            for (IdempotencyKeyDao.Row row : dao.expired(at, limit)) {
                removed += dao.removeExpired(row.org(), row.sandbox(), row.idemKey(), at);
            }
            return removed;
        }));
    }
}
