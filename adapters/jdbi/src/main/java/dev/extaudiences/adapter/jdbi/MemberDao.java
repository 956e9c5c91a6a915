package dev.extaudiences.adapter.jdbi;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The members table and each run's staging table ({@code <staging>}). Members are kept in generations (see the
 * members table in the baseline migration): reads and differential writes address the audience's current generation,
 * a full merge writes the next.
 */
@RegisterConstructorMapper(MemberDao.Row.class)
interface MemberDao {

    record Row(String audienceId, String ns, String identityValue, String attributes, long lastIngestedAt) {
    }

    /** A member row's key, generation included: what the sweeper deletes by. */
    record Key(long generation, String ns, String identityValue) {
    }

    /** How many members one upsert added and how many it updated. */
    record Upserted(long added, long updated) {
    }

    String COLUMNS = "audience_id AS audienceId, identity_ns AS ns, identity_value AS identityValue, attributes,"
            + " last_ingested_at_ms AS lastIngestedAt";

    String MEMBER_COLUMNS = "org_id, sandbox_name, audience_id, generation, identity_ns, identity_value, attributes,"
            + " last_ingested_at_ms";

    String AUDIENCE = "org_id = :org AND sandbox_name = :sandbox AND audience_id = :audienceId";

    /** The audience's current generation, read inside the statement that uses it. */
    String CURRENT = "COALESCE((SELECT g.generation FROM member_generations g WHERE g.org_id = :org"
            + " AND g.sandbox_name = :sandbox AND g.audience_id = :audienceId), 0)";

    /** The audience's members as readers see them. */
    String SCOPE = AUDIENCE + " AND generation = " + CURRENT;

    /** A staged row and the current member of the same identity. */
    String MATCHES_STAGED = "m.org_id = :org AND m.sandbox_name = :sandbox AND m.audience_id = :audienceId"
            + " AND m.generation = " + CURRENT
            + " AND m.identity_ns = s.identity_ns AND m.identity_value = s.identity_value";

    // ---- generations ----

    @SqlQuery("SELECT " + CURRENT)
    long currentGeneration(@Bind("org") String org, @Bind("sandbox") String sandbox,
                           @Bind("audienceId") String audienceId);

    @SqlUpdate("DELETE FROM member_generations WHERE " + AUDIENCE)
    void forgetGeneration(@Bind("org") String org, @Bind("sandbox") String sandbox,
                          @Bind("audienceId") String audienceId);

    @SqlUpdate("INSERT INTO member_generations (org_id, sandbox_name, audience_id, generation)"
            + " VALUES (:org, :sandbox, :audienceId, :generation)")
    void recordGeneration(@Bind("org") String org, @Bind("sandbox") String sandbox,
                          @Bind("audienceId") String audienceId, @Bind("generation") long generation);

    /** Every row of the audience, whatever its generation and expiry. */
    @SqlQuery("SELECT COUNT(*) FROM members WHERE " + AUDIENCE)
    long countRows(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId);

    /** Rows of generations before the current one, which no reader sees any longer: housekeeping's work. */
    @SqlQuery("SELECT generation, identity_ns AS ns, identity_value AS identityValue FROM members WHERE " + AUDIENCE
            + " AND generation < " + CURRENT + " LIMIT :batch")
    @RegisterConstructorMapper(Key.class)
    List<Key> replaced(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                       @Bind("batch") int batch);

    @SqlBatch("DELETE FROM members WHERE " + AUDIENCE
            + " AND generation = :generation AND identity_ns = :ns AND identity_value = :identityValue")
    int[] deleteByKey(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                      @Bind("generation") List<Long> generations, @Bind("ns") List<String> ns,
                      @Bind("identityValue") List<String> values);

    // ---- staging ----

    @SqlBatch("INSERT INTO <staging> (identity_ns, identity_value, attributes) VALUES (:ns, :value, :attributes)")
    void stage(@Define("staging") String staging, @Bind("ns") List<String> ns, @Bind("value") List<String> values,
               @Bind("attributes") List<String> attributes);

    @SqlQuery("SELECT COUNT(*) FROM <staging>")
    long countStaged(@Define("staging") String staging);

    @SqlQuery("SELECT COUNT(*) FROM (SELECT DISTINCT identity_ns, identity_value FROM <staging>) identities")
    long countStagedIdentities(@Define("staging") String staging);

    /** Keeps, of each identity staged more than once, only the row staged last. */
    @SqlUpdate("DELETE FROM <staging> WHERE seq IN (SELECT seq FROM (SELECT seq, ROW_NUMBER() OVER"
            + " (PARTITION BY identity_ns, identity_value ORDER BY seq DESC) AS position FROM <staging>) ranked"
            + " WHERE position > 1)")
    int dropSupersededStaged(@Define("staging") String staging);

    // ---- merging, portable (H2) ----

    /**
     * A subquery per staged row, not a join: the staging table has no index, and H2 has been seen to plan the join
     * with the members outside and the staging table scanned once per member, which never ends on a million rows.
     * Staging holds one row per identity by now, so this counts what the join counted.
     */
    @SqlQuery("SELECT COUNT(*) FROM <staging> s WHERE EXISTS (SELECT 1 FROM members m WHERE " + MATCHES_STAGED
            + " AND m.last_ingested_at_ms > :cutoff)")
    long countStagedAndLive(@Define("staging") String staging, @Bind("org") String org,
                            @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                            @Bind("cutoff") long cutoff);

    /** A full merge writes the staged rows as the given (new) generation, in one set-based insert. */
    @SqlUpdate("INSERT INTO members (" + MEMBER_COLUMNS + ") SELECT :org, :sandbox, :audienceId, :generation,"
            + " identity_ns, identity_value, attributes, :ingestedAt FROM <staging>")
    int insertStaged(@Define("staging") String staging, @Bind("org") String org, @Bind("sandbox") String sandbox,
                     @Bind("audienceId") String audienceId, @Bind("generation") long generation,
                     @Bind("ingestedAt") long ingestedAt);

    /** A differential merge: one set-based upsert into the current generation, in standard SQL MERGE. */
    @SqlUpdate("MERGE INTO members m USING (SELECT identity_ns, identity_value, attributes FROM <staging>) s"
            + " ON (" + MATCHES_STAGED + ")"
            + " WHEN MATCHED THEN UPDATE SET attributes = s.attributes, last_ingested_at_ms = :ingestedAt"
            + " WHEN NOT MATCHED THEN INSERT (" + MEMBER_COLUMNS + ")"
            + " VALUES (:org, :sandbox, :audienceId, " + CURRENT + ", s.identity_ns, s.identity_value, s.attributes,"
            + " :ingestedAt)")
    int mergeStaged(@Define("staging") String staging, @Bind("org") String org, @Bind("sandbox") String sandbox,
                    @Bind("audienceId") String audienceId, @Bind("ingestedAt") long ingestedAt);

    // ---- merging, PostgreSQL ----

    /** The staged rows, one per identity (the one staged last), in key order: PostgreSQL's DISTINCT ON. */
    String LAST_STAGED_PER_IDENTITY = "SELECT DISTINCT ON (identity_ns, identity_value) :org, :sandbox, :audienceId,"
            + " :generation, identity_ns, identity_value, attributes, :ingestedAt FROM <staging>"
            + " ORDER BY identity_ns, identity_value, seq DESC";

    /**
     * Duplicates resolved, rows written and both counts taken in one statement ({@code xmax = 0} marks a row the
     * statement inserted rather than updated).
     */
    @SqlQuery("WITH written AS (INSERT INTO members (" + MEMBER_COLUMNS + ") " + LAST_STAGED_PER_IDENTITY
            + " ON CONFLICT (org_id, sandbox_name, audience_id, generation, identity_ns, identity_value) DO UPDATE"
            + " SET attributes = EXCLUDED.attributes, last_ingested_at_ms = EXCLUDED.last_ingested_at_ms"
            + " RETURNING (xmax = 0) AS inserted)"
            + " SELECT COUNT(*) FILTER (WHERE inserted) AS added, COUNT(*) FILTER (WHERE NOT inserted) AS updated"
            + " FROM written")
    @RegisterConstructorMapper(Upserted.class)
    Upserted upsertLastStaged(@Define("staging") String staging, @Bind("org") String org,
                              @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                              @Bind("generation") long generation, @Bind("ingestedAt") long ingestedAt);

    /** Into a generation with no rows yet: a plain insert, cheaper than an upsert. */
    @SqlUpdate("INSERT INTO members (" + MEMBER_COLUMNS + ") " + LAST_STAGED_PER_IDENTITY)
    int insertLastStaged(@Define("staging") String staging, @Bind("org") String org, @Bind("sandbox") String sandbox,
                         @Bind("audienceId") String audienceId, @Bind("generation") long generation,
                         @Bind("ingestedAt") long ingestedAt);

    /** Expired members that the run staged again: its upsert counts them as updated, the run as added. */
    @SqlQuery("SELECT COUNT(*) FROM members m WHERE m.org_id = :org AND m.sandbox_name = :sandbox"
            + " AND m.audience_id = :audienceId AND m.generation = " + CURRENT + " AND m.last_ingested_at_ms <= :cutoff"
            + " AND EXISTS (SELECT 1 FROM <staging> s"
            + " WHERE s.identity_ns = m.identity_ns AND s.identity_value = m.identity_value)")
    long countExpiredStaged(@Define("staging") String staging, @Bind("org") String org,
                            @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                            @Bind("cutoff") long cutoff);

    /** Live members that the run staged (once each, however often they were staged). */
    @SqlQuery("SELECT COUNT(*) FROM members m WHERE m.org_id = :org AND m.sandbox_name = :sandbox"
            + " AND m.audience_id = :audienceId AND m.generation = " + CURRENT + " AND m.last_ingested_at_ms > :cutoff"
            + " AND EXISTS (SELECT 1 FROM <staging> s"
            + " WHERE s.identity_ns = m.identity_ns AND s.identity_value = m.identity_value)")
    long countLiveStaged(@Define("staging") String staging, @Bind("org") String org, @Bind("sandbox") String sandbox,
                         @Bind("audienceId") String audienceId, @Bind("cutoff") long cutoff);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM members WHERE " + SCOPE + " AND last_ingested_at_ms <= :cutoff)")
    boolean hasExpired(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                       @Bind("cutoff") long cutoff);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM members WHERE " + SCOPE + ")")
    boolean hasAnyMember(@Bind("org") String org, @Bind("sandbox") String sandbox,
                         @Bind("audienceId") String audienceId);

    // ---- reading ----

    @SqlQuery("SELECT " + COLUMNS + " FROM members WHERE " + SCOPE
            + " AND identity_ns = :ns AND identity_value = :value AND last_ingested_at_ms > :cutoff")
    Optional<Row> find(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                       @Bind("ns") String ns, @Bind("value") String value, @Bind("cutoff") long cutoff);

    @SqlQuery("SELECT " + COLUMNS + " FROM members WHERE " + SCOPE + " AND last_ingested_at_ms > :cutoff"
            + " ORDER BY identity_ns, identity_value LIMIT :limit OFFSET :offset")
    List<Row> page(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                   @Bind("cutoff") long cutoff, @Bind("offset") long offset, @Bind("limit") int limit);

    @SqlQuery("SELECT COUNT(*) FROM members WHERE " + SCOPE + " AND last_ingested_at_ms > :cutoff")
    long countLive(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                   @Bind("cutoff") long cutoff);

    @SqlQuery("SELECT " + COLUMNS + " FROM members m WHERE m.org_id = :org AND m.sandbox_name = :sandbox"
            + " AND m.identity_ns = :ns AND m.identity_value = :value AND m.generation = COALESCE((SELECT"
            + " g.generation FROM member_generations g WHERE g.org_id = m.org_id AND g.sandbox_name = m.sandbox_name"
            + " AND g.audience_id = m.audience_id), 0) ORDER BY m.audience_id")
    List<Row> memberships(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("ns") String ns,
                          @Bind("value") String value);

    // ---- expiry ----

    @SqlQuery("SELECT " + COLUMNS + " FROM members WHERE " + SCOPE + " AND last_ingested_at_ms <= :cutoff"
            + " ORDER BY last_ingested_at_ms LIMIT :batch")
    List<Row> expired(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                      @Bind("cutoff") long cutoff, @Bind("batch") int batch);

    /** Deletes members by key, and only while still expired: a member re-ingested meanwhile stays. */
    @SqlBatch("DELETE FROM members WHERE " + SCOPE + " AND identity_ns = :ns AND identity_value = :value"
            + " AND last_ingested_at_ms <= :cutoff")
    int[] deleteIfExpired(@Bind("org") String org, @Bind("sandbox") String sandbox,
                          @Bind("audienceId") String audienceId, @Bind("ns") List<String> ns,
                          @Bind("value") List<String> values, @Bind("cutoff") long cutoff);

    /** Every row of the audience, of every generation. */
    @SqlUpdate("DELETE FROM members WHERE " + AUDIENCE)
    void deleteMembers(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId);
}
