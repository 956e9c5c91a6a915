package dev.extaudiences.adapter.jdbi;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(MemberDao.Row.class)
interface MemberDao {

    record Row(String audienceId, String ns, String identityValue, String attributes, long lastIngestedAt) {
    }

    String COLUMNS = "audience_id AS audienceId, identity_ns AS ns, identity_value AS identityValue, attributes,"
            + " last_ingested_at_ms AS lastIngestedAt";

    String SCOPE = "org_id = :org AND sandbox_name = :sandbox AND audience_id = :audienceId";

    String OF_RUN = SCOPE + " AND run_id = :runId";

    /** Column to column on the whole key, so that every database looks members up by their primary key. */
    String MATCHES_STAGED = "m.org_id = s.org_id AND m.sandbox_name = s.sandbox_name AND m.audience_id = s.audience_id"
            + " AND m.identity_ns = s.identity_ns AND m.identity_value = s.identity_value";

    @SqlBatch("INSERT INTO staged_members (org_id, sandbox_name, audience_id, run_id, identity_ns, identity_value,"
            + " attributes) VALUES (:org, :sandbox, :audienceId, :runId, :ns, :value, :attributes)")
    void stage(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
               @Bind("runId") String runId, @Bind("ns") List<String> ns, @Bind("value") List<String> values,
               @Bind("attributes") List<String> attributes);

    @SqlQuery("SELECT COUNT(*) FROM staged_members WHERE " + OF_RUN)
    long countStaged(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                     @Bind("runId") String runId);

    @SqlQuery("SELECT COUNT(*) FROM (SELECT DISTINCT identity_ns, identity_value FROM staged_members WHERE " + OF_RUN
            + ") identities")
    long countStagedIdentities(@Bind("org") String org, @Bind("sandbox") String sandbox,
                               @Bind("audienceId") String audienceId, @Bind("runId") String runId);

    /** Keeps, of each identity staged more than once, only the row staged last. */
    @SqlUpdate("DELETE FROM staged_members WHERE seq IN (SELECT seq FROM (SELECT seq, ROW_NUMBER() OVER"
            + " (PARTITION BY identity_ns, identity_value ORDER BY seq DESC) AS position FROM staged_members"
            + " WHERE " + OF_RUN + ") ranked WHERE position > 1)")
    int dropSupersededStaged(@Bind("org") String org, @Bind("sandbox") String sandbox,
                             @Bind("audienceId") String audienceId, @Bind("runId") String runId);

    @SqlQuery("SELECT COUNT(*) FROM staged_members s JOIN members m ON " + MATCHES_STAGED
            + " WHERE s.org_id = :org AND s.sandbox_name = :sandbox AND s.audience_id = :audienceId"
            + " AND s.run_id = :runId AND m.last_ingested_at_ms > :cutoff")
    long countStagedAndLive(@Bind("org") String org, @Bind("sandbox") String sandbox,
                            @Bind("audienceId") String audienceId, @Bind("runId") String runId,
                            @Bind("cutoff") long cutoff);

    /** A full merge: the audience's membership becomes exactly the staged rows, written in one set-based insert. */
    @SqlUpdate("INSERT INTO members (org_id, sandbox_name, audience_id, identity_ns, identity_value, attributes,"
            + " last_ingested_at_ms) SELECT org_id, sandbox_name, audience_id, identity_ns, identity_value, attributes,"
            + " :ingestedAt FROM staged_members WHERE " + OF_RUN)
    int insertStaged(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                     @Bind("runId") String runId, @Bind("ingestedAt") long ingestedAt);

    /** A differential merge: one set-based upsert, in standard SQL MERGE (H2 2.x and PostgreSQL 15+). */
    @SqlUpdate("MERGE INTO members m USING (SELECT org_id, sandbox_name, audience_id, identity_ns, identity_value,"
            + " attributes FROM staged_members WHERE " + OF_RUN + ") s ON (" + MATCHES_STAGED + ")"
            + " WHEN MATCHED THEN UPDATE SET attributes = s.attributes, last_ingested_at_ms = :ingestedAt"
            + " WHEN NOT MATCHED THEN INSERT (org_id, sandbox_name, audience_id, identity_ns, identity_value,"
            + " attributes, last_ingested_at_ms)"
            + " VALUES (:org, :sandbox, :audienceId, s.identity_ns, s.identity_value, s.attributes, :ingestedAt)")
    int mergeStaged(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                    @Bind("runId") String runId, @Bind("ingestedAt") long ingestedAt);

    @SqlUpdate("DELETE FROM staged_members WHERE " + OF_RUN)
    void discard(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                 @Bind("runId") String runId);

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

    @SqlQuery("SELECT " + COLUMNS + " FROM members WHERE org_id = :org AND sandbox_name = :sandbox"
            + " AND identity_ns = :ns AND identity_value = :value ORDER BY audience_id")
    List<Row> memberships(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("ns") String ns,
                          @Bind("value") String value);

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

    @SqlUpdate("DELETE FROM members WHERE " + SCOPE)
    void deleteMembers(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId);

    @SqlUpdate("DELETE FROM staged_members WHERE " + SCOPE)
    void deleteStaged(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId);
}
