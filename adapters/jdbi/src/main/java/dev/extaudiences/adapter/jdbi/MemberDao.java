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

    String STAGED_OF_RUN = "SELECT identity_ns, identity_value, attributes FROM staged_members s WHERE s.org_id = :org"
            + " AND s.sandbox_name = :sandbox AND s.audience_id = :audienceId AND s.run_id = :runId";

    String MATCHES_STAGED = "s.org_id = m.org_id AND s.sandbox_name = m.sandbox_name AND s.audience_id = m.audience_id"
            + " AND s.identity_ns = m.identity_ns AND s.identity_value = m.identity_value";

    @SqlBatch("DELETE FROM staged_members WHERE " + SCOPE + " AND run_id = :runId"
            + " AND identity_ns = :ns AND identity_value = :value")
    int[] unstage(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                 @Bind("runId") String runId, @Bind("ns") List<String> ns, @Bind("value") List<String> values);

    @SqlBatch("INSERT INTO staged_members (org_id, sandbox_name, audience_id, run_id, identity_ns, identity_value,"
            + " attributes) VALUES (:org, :sandbox, :audienceId, :runId, :ns, :value, :attributes)")
    void stage(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
               @Bind("runId") String runId, @Bind("ns") List<String> ns, @Bind("value") List<String> values,
               @Bind("attributes") List<String> attributes);

    @SqlQuery("SELECT COUNT(*) FROM staged_members WHERE " + SCOPE + " AND run_id = :runId")
    long countStaged(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                     @Bind("runId") String runId);

    @SqlQuery("SELECT COUNT(*) FROM staged_members s JOIN members m ON " + MATCHES_STAGED
            + " WHERE s.org_id = :org AND s.sandbox_name = :sandbox AND s.audience_id = :audienceId"
            + " AND s.run_id = :runId AND m.last_ingested_at_ms > :cutoff")
    long countStagedAndLive(@Bind("org") String org, @Bind("sandbox") String sandbox,
                            @Bind("audienceId") String audienceId, @Bind("runId") String runId,
                            @Bind("cutoff") long cutoff);

    @SqlQuery("SELECT COUNT(*) FROM members m WHERE m.org_id = :org AND m.sandbox_name = :sandbox"
            + " AND m.audience_id = :audienceId AND m.last_ingested_at_ms > :cutoff"
            + " AND NOT EXISTS (SELECT 1 FROM staged_members s WHERE " + MATCHES_STAGED + " AND s.run_id = :runId)")
    long countLiveNotStaged(@Bind("org") String org, @Bind("sandbox") String sandbox,
                            @Bind("audienceId") String audienceId, @Bind("runId") String runId,
                            @Bind("cutoff") long cutoff);

    @SqlUpdate("DELETE FROM members m WHERE m.org_id = :org AND m.sandbox_name = :sandbox"
            + " AND m.audience_id = :audienceId"
            + " AND NOT EXISTS (SELECT 1 FROM staged_members s WHERE " + MATCHES_STAGED + " AND s.run_id = :runId)")
    int deleteNotStaged(@Bind("org") String org, @Bind("sandbox") String sandbox,
                        @Bind("audienceId") String audienceId, @Bind("runId") String runId);

    /** One set-based upsert of a run's staged members, in standard SQL MERGE (H2 2.x and PostgreSQL 15+). */
    @SqlUpdate("MERGE INTO members m USING (" + STAGED_OF_RUN + ") s"
            + " ON (m.org_id = :org AND m.sandbox_name = :sandbox AND m.audience_id = :audienceId"
            + " AND m.identity_ns = s.identity_ns AND m.identity_value = s.identity_value)"
            + " WHEN MATCHED THEN UPDATE SET attributes = s.attributes, last_ingested_at_ms = :ingestedAt"
            + " WHEN NOT MATCHED THEN INSERT (org_id, sandbox_name, audience_id, identity_ns, identity_value,"
            + " attributes, last_ingested_at_ms)"
            + " VALUES (:org, :sandbox, :audienceId, s.identity_ns, s.identity_value, s.attributes, :ingestedAt)")
    int mergeStaged(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                    @Bind("runId") String runId, @Bind("ingestedAt") long ingestedAt);

    @SqlUpdate("DELETE FROM staged_members WHERE " + SCOPE + " AND run_id = :runId")
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
