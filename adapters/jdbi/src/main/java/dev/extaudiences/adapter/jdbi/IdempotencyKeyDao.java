package dev.extaudiences.adapter.jdbi;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(IdempotencyKeyDao.Row.class)
interface IdempotencyKeyDao {

    record Row(String org, String sandbox, String idemKey, String fingerprint, long claimedAt, Integer status,
               String body) {
    }

    String COLUMNS = "org_id AS org, sandbox_name AS sandbox, idem_key AS idemKey, fingerprint, claimed_at_ms AS claimedAt,"
            + " reply_status AS status, reply_body AS body";

    String KEY = "org_id = :org AND sandbox_name = :sandbox AND idem_key = :key";

    @SqlUpdate("INSERT INTO idempotency_keys (org_id, sandbox_name, idem_key, fingerprint, claim_token, claimed_at_ms,"
            + " expires_at_ms) VALUES (:org, :sandbox, :key, :fingerprint, :token, :at, :expiresAt)")
    void insert(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("key") String key,
                @Bind("fingerprint") String fingerprint, @Bind("token") String token, @Bind("at") long at,
                @Bind("expiresAt") long expiresAt);

    /**
     * Takes the key over when its record expired or its claim was abandoned; the row lock makes a concurrent
     * takeover wait and then find the condition no longer true.
     */
    @SqlUpdate("UPDATE idempotency_keys SET fingerprint = :fingerprint, claim_token = :token, claimed_at_ms = :at,"
            + " expires_at_ms = :expiresAt, reply_status = NULL, reply_body = NULL WHERE " + KEY
            + " AND (expires_at_ms <= :at OR (reply_status IS NULL AND claimed_at_ms < :abandonedBefore))")
    int takeOver(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("key") String key,
                 @Bind("fingerprint") String fingerprint, @Bind("token") String token, @Bind("at") long at,
                 @Bind("expiresAt") long expiresAt, @Bind("abandonedBefore") long abandonedBefore);

    @SqlQuery("SELECT " + COLUMNS + " FROM idempotency_keys WHERE " + KEY)
    Optional<Row> find(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("key") String key);

    @SqlUpdate("UPDATE idempotency_keys SET reply_status = :status, reply_body = :body WHERE " + KEY
            + " AND claim_token = :token AND reply_status IS NULL")
    int complete(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("key") String key,
                 @Bind("token") String token, @Bind("status") int status, @Bind("body") String body);

    @SqlUpdate("DELETE FROM idempotency_keys WHERE " + KEY + " AND claim_token = :token")
    int release(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("key") String key,
                @Bind("token") String token);

    @SqlQuery("SELECT " + COLUMNS + " FROM idempotency_keys WHERE expires_at_ms <= :now ORDER BY expires_at_ms"
            + " LIMIT :limit")
    List<Row> expired(@Bind("now") long now, @Bind("limit") int limit);

    @SqlUpdate("DELETE FROM idempotency_keys WHERE " + KEY + " AND expires_at_ms <= :now")
    int removeExpired(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("key") String key,
                      @Bind("now") long now);
}
