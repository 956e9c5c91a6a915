package dev.extaudiences.adapter.jdbi;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(RunDao.Row.class)
interface RunDao {

    record Row(String id, String audienceId, String body) {
    }

    String COLUMNS = "run_id AS id, audience_id AS audienceId, body";

    @SqlUpdate("INSERT INTO ingestion_runs (org_id, sandbox_name, run_id, audience_id, audience_name, status,"
            + " created_at_ms, running_audience_id, body)"
            + " VALUES (:org, :sandbox, :id, :audienceId, :audienceName, :status, :createdAt, :runningAudienceId, :body)")
    void insert(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id,
                @Bind("audienceId") String audienceId, @Bind("audienceName") String audienceName,
                @Bind("status") String status, @Bind("createdAt") long createdAt,
                @Bind("runningAudienceId") String runningAudienceId, @Bind("body") String body);

    /** The audience a run is added for, its row locked until the add's transaction ends; empty once deleted. */
    @SqlQuery("SELECT audience_id FROM audiences WHERE org_id = :org AND sandbox_name = :sandbox"
            + " AND audience_id = :audienceId FOR UPDATE")
    Optional<String> lockAudience(@Bind("org") String org, @Bind("sandbox") String sandbox,
                                  @Bind("audienceId") String audienceId);

    // ---- the daily guardrails' counters (V6) ----

    /** Makes sure the sandbox's counter of the day exists; a duplicate from a racing start is refused and harmless. */
    @SqlUpdate("INSERT INTO run_days_by_sandbox (org_id, sandbox_name, day_start_ms, runs)"
            + " SELECT :org, :sandbox, :day, 0 WHERE NOT EXISTS (SELECT 1 FROM run_days_by_sandbox"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND day_start_ms = :day)")
    int ensureSandboxDay(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("day") long day);

    @SqlUpdate("INSERT INTO run_days_by_audience (org_id, sandbox_name, audience_id, day_start_ms, runs)"
            + " SELECT :org, :sandbox, :audienceId, :day, 0 WHERE NOT EXISTS (SELECT 1 FROM run_days_by_audience"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND audience_id = :audienceId AND day_start_ms = :day)")
    int ensureAudienceDay(@Bind("org") String org, @Bind("sandbox") String sandbox,
                          @Bind("audienceId") String audienceId, @Bind("day") long day);

    /** Counts one more run of the sandbox's day while it stays within the limit; answers 0 at the limit. */
    @SqlUpdate("UPDATE run_days_by_sandbox SET runs = runs + 1"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND day_start_ms = :day AND runs < :limit")
    int countSandboxRun(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("day") long day,
                        @Bind("limit") long limit);

    @SqlUpdate("UPDATE run_days_by_audience SET runs = runs + 1 WHERE org_id = :org AND sandbox_name = :sandbox"
            + " AND audience_id = :audienceId AND day_start_ms = :day AND runs < :limit")
    int countAudienceRun(@Bind("org") String org, @Bind("sandbox") String sandbox,
                         @Bind("audienceId") String audienceId, @Bind("day") long day, @Bind("limit") long limit);

    @SqlQuery("SELECT runs FROM run_days_by_sandbox WHERE org_id = :org AND sandbox_name = :sandbox"
            + " AND day_start_ms = :day")
    Optional<Long> sandboxDayRuns(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("day") long day);

    @SqlQuery("SELECT runs FROM run_days_by_audience WHERE org_id = :org AND sandbox_name = :sandbox"
            + " AND audience_id = :audienceId AND day_start_ms = :day")
    Optional<Long> audienceDayRuns(@Bind("org") String org, @Bind("sandbox") String sandbox,
                                   @Bind("audienceId") String audienceId, @Bind("day") long day);

    @SqlUpdate("DELETE FROM run_days_by_audience WHERE org_id = :org AND sandbox_name = :sandbox"
            + " AND audience_id = :audienceId")
    void forgetAudienceDays(@Bind("org") String org, @Bind("sandbox") String sandbox,
                            @Bind("audienceId") String audienceId);

    // ---- workers' heartbeats (V7) ----

    @SqlUpdate("UPDATE run_workers SET last_seen_ms = :at WHERE worker_id = :worker")
    int workerSeen(@Bind("worker") String worker, @Bind("at") long at);

    @SqlUpdate("INSERT INTO run_workers (worker_id, last_seen_ms) VALUES (:worker, :at)")
    void workerFirstSeen(@Bind("worker") String worker, @Bind("at") long at);

    /** Forgets nodes gone long ago: each start of a node is a worker of its own. */
    @SqlUpdate("DELETE FROM run_workers WHERE last_seen_ms < :before")
    void forgetWorkers(@Bind("before") long before);

    @SqlQuery("SELECT MAX(last_seen_ms) FROM run_workers")
    Optional<Long> lastWorkerSeen();

    @SqlQuery("SELECT " + COLUMNS + " FROM ingestion_runs"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND run_id = :id AND audience_id = :audienceId")
    Optional<Row> find(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                       @Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM ingestion_runs"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND running_audience_id = :audienceId")
    Optional<Row> inProgress(@Bind("org") String org, @Bind("sandbox") String sandbox,
                             @Bind("audienceId") String audienceId);

    @SqlQuery("SELECT COUNT(*) FROM ingestion_runs WHERE org_id = :org AND sandbox_name = :sandbox"
            + " AND audience_id = :audienceId AND created_at_ms >= :since")
    long countForAudienceSince(@Bind("org") String org, @Bind("sandbox") String sandbox,
                               @Bind("audienceId") String audienceId, @Bind("since") long since);

    @SqlQuery("SELECT COUNT(*) FROM ingestion_runs WHERE org_id = :org AND sandbox_name = :sandbox"
            + " AND created_at_ms >= :since")
    long countForSandboxSince(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("since") long since);

    @RegisterConstructorMapper(Claimable.class)
    @SqlQuery("SELECT org_id AS org, sandbox_name AS sandbox, run_id AS id FROM ingestion_runs"
            + " WHERE status = 'PROCESSING' AND lease_owner IS NULL ORDER BY created_at_ms, run_id LIMIT :limit")
    List<Claimable> claimable(@Bind("limit") int limit);

    record Claimable(String org, String sandbox, String id) {
    }

    /** Claims a run for a worker; answers 0 when another worker claimed it first (or it has ended). */
    @SqlUpdate("UPDATE ingestion_runs SET lease_owner = :worker, lease_until_ms = :until"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND run_id = :id"
            + " AND status = 'PROCESSING' AND lease_owner IS NULL")
    int claim(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id,
              @Bind("worker") String worker, @Bind("until") long until);

    @SqlUpdate("UPDATE ingestion_runs SET lease_until_ms = :until"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND run_id = :id"
            + " AND status = 'PROCESSING' AND lease_owner = :worker")
    int renew(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id,
              @Bind("worker") String worker, @Bind("until") long until);

    @RegisterConstructorMapper(Claimable.class)
    @SqlQuery("SELECT org_id AS org, sandbox_name AS sandbox, run_id AS id FROM ingestion_runs"
            + " WHERE status = 'PROCESSING' AND lease_until_ms < :now ORDER BY created_at_ms LIMIT :limit")
    List<Claimable> lapsed(@Bind("now") long now, @Bind("limit") int limit);

    @SqlQuery("SELECT " + COLUMNS + " FROM ingestion_runs"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND run_id = :id")
    Optional<Row> byId(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id);

    @SqlUpdate("DELETE FROM ingestion_runs WHERE org_id = :org AND sandbox_name = :sandbox"
            + " AND audience_id = :audienceId")
    void deleteAll(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId);
}
