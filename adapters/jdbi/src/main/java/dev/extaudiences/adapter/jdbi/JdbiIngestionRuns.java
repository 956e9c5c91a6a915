package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Refusal;
import dev.extaudiences.core.error.ResourceKind;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.run.RunsByStatus;
import dev.extaudiences.core.tenant.TenantScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs in the {@code ingestion_runs} table. "At most one in progress per audience" is a unique constraint on a column
 * that holds the audience id only while the run is in progress: the database refuses the second, whichever node it
 * comes from.
 */
public final class JdbiIngestionRuns implements IngestionRuns {

    /**
     * A run is read only while its audience's row is there: a deletion removes the audience, then its runs, and a
     * crash between the two must not leave runs answered for an audience that is gone.
     */
    private static final String OF_EXISTING_AUDIENCE = " AND EXISTS (SELECT 1 FROM audiences a"
            + " WHERE a.org_id = r.org_id AND a.sandbox_name = r.sandbox_name AND a.audience_id = r.audience_id)";

    private static final String FIND = "SELECT r.run_id, r.audience_id, r.body, r.status FROM ingestion_runs r"
            + " WHERE r.org_id = ? AND r.sandbox_name = ? AND r.run_id = ? AND r.audience_id = ?"
            + OF_EXISTING_AUDIENCE;

    /** A run's next state, stored only while it is in progress: status, running audience, body, then its key. */
    private static final String UPDATE = "UPDATE ingestion_runs SET status = ?, running_audience_id = ?, body = ?"
            + " WHERE org_id = ? AND sandbox_name = ? AND run_id = ? AND status = 'PROCESSING'";

    private final Jdbi jdbi;
    private final DirectStatements direct;
    private final EndedRuns ended = new EndedRuns();

    JdbiIngestionRuns(Jdbi jdbi, DirectStatements direct) {
        this.jdbi = jdbi;
        this.direct = direct;
    }

    /**
     * The daily guardrails are counter rows of (audience, day) and (sandbox, day), incremented with a conditional
     * update in the transaction that inserts the run: a start at the limit changes no row and is refused; concurrent
     * starts wait on the counter's lock and see each other's counts. A run refused for being a second one in progress
     * rolls its increments back with it.
     */
    @Override
    public void add(IngestionRun run, RunGuardrails guardrails) {
        TenantScope scope = run.scope();
        long day = RunGuardrails.dayStart(run.created().at()).toEpochMilli();
        try {
            ensureCounters(scope, run.audienceId(), day);
            jdbi.useTransaction(handle -> {
                RunDao dao = handle.attach(RunDao.class);
                // Under the audience's row lock: a deletion that committed first is seen, and one that comes later
                // waits for this add, then removes this run with the others (no foreign key does it behind the
                // domain's back: the audience's deletion is the domain's, in its own order).
                if (dao.lockAudience(scope.orgId(), scope.sandboxName(), run.audienceId().value()).isEmpty()) {
                    throw DomainException.notFound(ResourceKind.AUDIENCE, run.audienceId().value());
                }
                // always the audience's row, then the sandbox's: concurrent starts lock them in one order
                // a dry run is not one of the audience's runs of the day (it changes none of its members)
                boolean withinAudience = run.isDryRun() || dao.countAudienceRun(scope.orgId(), scope.sandboxName(),
                        run.audienceId().value(), day, guardrails.perAudiencePerDay()) == 1;
                boolean withinSandbox = withinAudience && dao.countSandboxRun(scope.orgId(), scope.sandboxName(),
                        day, guardrails.perSandboxPerDay()) == 1;
                if (!withinSandbox) {
                    // the counts at the limit, read under the row locks just taken: the refusal names the right one
                    guardrails.check(withinAudience ? 0 : guardrails.perAudiencePerDay(),
                            guardrails.perSandboxPerDay(), run.created().at()).ifPresent(refusal -> {
                                throw new DomainException(refusal);
                            });
                }
                dao.insert(scope.orgId(), scope.sandboxName(), run.id().value(), run.audienceId().value(),
                        run.audienceName().value(), StoredStatus.of(run.status().kind()),
                        run.created().at().toEpochMilli(), runningAudienceId(run), RunCodec.encode(run));
            });
        } catch (JdbiException failure) {
            if (SqlErrors.violates(failure, SqlErrors.UNIQUE_VIOLATION, "ingestion_runs_one_in_progress")) {
                throw DomainException.unprocessable(Refusal.RUN_IN_PROGRESS,
                        "another run of this audience is still in progress");
            }
            throw SqlErrors.unexpected(failure);
        }
    }

    /**
     * Creates the day's counter rows when they are missing, each in a statement of its own (outside the start's
     * transaction: on PostgreSQL a refused statement would abort it). Of two nodes racing to create one, the database
     * refuses the second, which finds the row the first made.
     */
    private void ensureCounters(TenantScope scope, AudienceId audienceId, long day) {
        try {
            jdbi.useExtension(RunDao.class, dao -> dao.ensureAudienceDay(scope.orgId(), scope.sandboxName(),
                    audienceId.value(), day));
        } catch (JdbiException failure) {
            if (!SqlErrors.violates(failure, SqlErrors.UNIQUE_VIOLATION, "run_days_by_audience_pk")) {
                throw failure;
            }
        }
        try {
            jdbi.useExtension(RunDao.class, dao -> dao.ensureSandboxDay(scope.orgId(), scope.sandboxName(), day));
        } catch (JdbiException failure) {
            if (!SqlErrors.violates(failure, SqlErrors.UNIQUE_VIOLATION, "run_days_by_sandbox_pk")) {
                throw failure;
            }
        }
    }

    @Override
    public Optional<IngestionRun> find(TenantScope scope, AudienceId audienceId, RunId runId) {
        return direct.one(FIND, row -> ended.decode(scope, row.getString(1), row.getString(2), row.getString(4),
                        row.getString(3)),
                scope.orgId(), scope.sandboxName(), runId.value(), audienceId.value());
    }

    @Override
    public Optional<IngestionRun> inProgress(TenantScope scope, AudienceId audienceId) {
        return SqlErrors.guarded(() -> jdbi.withExtension(RunDao.class,
                dao -> dao.inProgress(scope.orgId(), scope.sandboxName(), audienceId.value()))
                .map(row -> decode(scope, row)));
    }

    /**
     * One statement gives the page and the total (a window count, taken before the limit), so the two always agree;
     * only a page past the last run, which has no row to carry the total, counts on its own.
     */
    @Override
    public Page<IngestionRun> list(TenantScope scope, AudienceId audienceId, RunQuery query) {
        RunListSql sql = new RunListSql(scope, audienceId, query);
        List<Object> parameters = new ArrayList<>(sql.parameters());
        parameters.add(query.limit());
        parameters.add(query.start());
        long[] total = {-1};
        List<IngestionRun> runs = direct.list("SELECT r.run_id, r.audience_id, r.body, COUNT(*) OVER (), r.status"
                        + " FROM ingestion_runs r"
                        + " WHERE " + sql.where() + OF_EXISTING_AUDIENCE + " ORDER BY " + sql.orderBy()
                        + " LIMIT ? OFFSET ?",
                row -> {
                    total[0] = row.getLong(4);
                    return ended.decode(scope, row.getString(1), row.getString(2), row.getString(5), row.getString(3));
                }, parameters.toArray());
        if (runs.isEmpty()) {
            total[0] = direct.one("SELECT COUNT(*) FROM ingestion_runs r WHERE " + sql.where() + OF_EXISTING_AUDIENCE,
                    row -> row.getLong(1), sql.parameters().toArray()).orElse(0L);
        }
        return new Page<>(runs, query.limit(), total[0]);
    }

    @Override
    public long countCreatedSince(TenantScope scope, AudienceId audienceId, Instant since) {
        return SqlErrors.guarded(() -> jdbi.withExtension(RunDao.class, dao -> dao.countForAudienceSince(scope.orgId(),
                scope.sandboxName(), audienceId.value(), since.toEpochMilli())));
    }

    @Override
    public long countCreatedSince(TenantScope scope, Instant since) {
        return SqlErrors.guarded(() -> jdbi.withExtension(RunDao.class,
                dao -> dao.countForSandboxSince(scope.orgId(), scope.sandboxName(), since.toEpochMilli())));
    }

    @Override
    public long runsCounted(TenantScope scope, AudienceId audienceId, Instant day) {
        return SqlErrors.guarded(() -> jdbi.withExtension(RunDao.class, dao -> dao.audienceDayRuns(scope.orgId(),
                scope.sandboxName(), audienceId.value(), day.toEpochMilli())).orElse(0L));
    }

    @Override
    public long runsCounted(TenantScope scope, Instant day) {
        return SqlErrors.guarded(() -> jdbi.withExtension(RunDao.class, dao -> dao.sandboxDayRuns(scope.orgId(),
                scope.sandboxName(), day.toEpochMilli())).orElse(0L));
    }

    @Override
    public RunWrite update(IngestionRun run) {
        // a run's progress, saved at every batch (200 times a million rows): one statement in auto-commit, as
        // atomic as it needs, in plain JDBC (through JDBI's transaction and SqlObject a save took 148 us against 34
        // on PostgreSQL, warm, and 101 us of the calling thread's processor against 11)
        return direct.with(connection -> write(connection, run));
    }

    /**
     * Stores the next state of a run in progress inside the caller's transaction (a merge that finishes its run uses
     * it), and answers as {@link #update} does: the stored run is changed only while it is in progress.
     */
    static RunWrite updateIn(Handle handle, IngestionRun run) {
        try {
            return write(handle.getConnection(), run);
        } catch (SQLException failed) {
            throw new ConnectionException(failed);
        }
    }

    /** Changes the stored run only while it is in progress; else tells whether it is gone or has ended. */
    private static RunWrite write(Connection connection, IngestionRun run) throws SQLException {
        TenantScope scope = run.scope();
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            DirectStatements.bind(update, StoredStatus.of(run.status().kind()), runningAudienceId(run),
                    RunCodec.encode(run), scope.orgId(), scope.sandboxName(), run.id().value());
            if (update.executeUpdate() == 1) {
                return RunWrite.WRITTEN;
            }
        }
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM ingestion_runs"
                + " WHERE org_id = ? AND sandbox_name = ? AND run_id = ?")) {
            DirectStatements.bind(count, scope.orgId(), scope.sandboxName(), run.id().value());
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1) == 0 ? RunWrite.GONE : RunWrite.ALREADY_ENDED;
            }
        }
    }

    @Override
    public Optional<IngestionRun> claimNext(String worker, Instant leaseUntil) {
        return SqlErrors.guarded(() -> jdbi.withExtension(RunDao.class, dao -> {
            // a conditional update claims: of two workers racing for one run, the database lets one change it
            for (RunDao.Claimable candidate : dao.claimable(8)) {
                if (dao.claim(candidate.org(), candidate.sandbox(), candidate.id(), worker,
                        leaseUntil.toEpochMilli()) == 1) {
                    TenantScope scope = new TenantScope(candidate.org(), candidate.sandbox());
                    return dao.byId(candidate.org(), candidate.sandbox(), candidate.id()).map(row -> decode(scope, row));
                }
            }
            return Optional.<IngestionRun>empty();
        }));
    }

    @Override
    public boolean renewLease(IngestionRun run, String worker, Instant leaseUntil) {
        TenantScope scope = run.scope();
        return SqlErrors.guarded(() -> jdbi.withExtension(RunDao.class, dao -> dao.renew(scope.orgId(),
                scope.sandboxName(), run.id().value(), worker, leaseUntil.toEpochMilli()))) == 1;
    }

    @Override
    public List<IngestionRun> lapsed(Instant now, int limit) {
        return SqlErrors.guarded(() -> jdbi.withExtension(RunDao.class, dao -> dao.lapsed(now.toEpochMilli(), limit)
                .stream()
                .flatMap(lapsed -> dao.byId(lapsed.org(), lapsed.sandbox(), lapsed.id())
                        .map(row -> decode(new TenantScope(lapsed.org(), lapsed.sandbox()), row)).stream())
                .toList()));
    }

    @Override
    public void workerSeen(String worker, Instant at) {
        SqlErrors.guarded(() -> jdbi.useExtension(RunDao.class, dao -> {
            // one node's one heartbeat thread writes its row: no race to insert it twice
            if (dao.workerSeen(worker, at.toEpochMilli()) == 0) {
                dao.workerFirstSeen(worker, at.toEpochMilli());
                dao.forgetWorkers(at.minus(java.time.Duration.ofDays(7)).toEpochMilli());
            }
        }));
    }

    @Override
    public Optional<Instant> lastWorkerSeen() {
        return SqlErrors.guarded(() -> jdbi.withExtension(RunDao.class, RunDao::lastWorkerSeen))
                .map(Instant::ofEpochMilli);
    }

    @Override
    public RunsByStatus countByStatus() {
        return SqlErrors.guarded(() -> jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT status, COUNT(*) AS runs FROM ingestion_runs GROUP BY status")
                .reduceRows(RunsByStatus.NONE, (counts, row) -> counts.plus(StoredStatus.runKind(
                        row.getColumn("status", String.class)), row.getColumn("runs", Long.class)))));
    }

    @Override
    public void removeAll(TenantScope scope, AudienceId audienceId) {
        SqlErrors.guarded(() -> jdbi.useTransaction(handle -> {
            RunDao dao = handle.attach(RunDao.class);
            dao.deleteAll(scope.orgId(), scope.sandboxName(), audienceId.value());
            dao.forgetAudienceDays(scope.orgId(), scope.sandboxName(), audienceId.value());
        }));
    }

    private static String runningAudienceId(IngestionRun run) {
        return run.isInProgress() ? run.audienceId().value() : null;
    }

    private static IngestionRun decode(TenantScope scope, RunDao.Row row) {
        return RunCodec.decode(scope, row.id(), row.audienceId(), row.body());
    }
}
