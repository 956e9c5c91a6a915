package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.TenantScope;
import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;

/**
 * Each run's staging in a table of its own (see {@link StagingTables}), merged into the {@code members} table by a
 * few set-based statements in one transaction: readers see the membership before it or after it, never half of it.
 */
public final class JdbiStagedMembers implements StagedMembers {

    private final Jdbi jdbi;
    /** For the statements whose time grows with a file or an audience (staging, merging). */
    private final Jdbi bulkJdbi;
    private final Dialect dialect;

    JdbiStagedMembers(Jdbi jdbi, Jdbi bulkJdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.bulkJdbi = bulkJdbi;
        this.dialect = dialect;
    }

    @Override
    public void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch) {
        if (batch.isEmpty()) {
            return;
        }
        SqlErrors.guarded(() -> bulkJdbi.useHandle(handle -> {
            String staging = StagingTables.ensure(handle, dialect, scope, audienceId, runId);
            if (dialect == Dialect.POSTGRESQL) {
                copyIn(handle, staging, batch);
                return;
            }
            List<String> namespaces = new ArrayList<>(batch.size());
            List<String> values = new ArrayList<>(batch.size());
            List<String> attributes = new ArrayList<>(batch.size());
            for (StagedMember member : batch) {
                namespaces.add(member.identity().namespace().code());
                values.add(member.identity().value());
                attributes.add(Json.attributes(member.attributes()));
            }
            handle.attach(MemberDao.class).stage(staging, namespaces, values, attributes);
        }));
    }

    /** PostgreSQL's own bulk path: one COPY per batch instead of a statement per row. */
    private static void copyIn(Handle handle, String staging, List<StagedMember> batch) {
        StringBuilder csv = new StringBuilder(batch.size() * 96);
        for (StagedMember member : batch) {
            csv.append(quoted(member.identity().namespace().code())).append(',')
                    .append(quoted(member.identity().value())).append(',')
                    .append(quoted(Json.attributes(member.attributes()))).append('\n');
        }
        try {
            handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + staging
                    + " (identity_ns, identity_value, attributes) FROM STDIN WITH (FORMAT csv)",
                    new StringReader(csv.toString()));
        } catch (SQLException | IOException failed) {
            throw new ConnectionException(failed);
        }
    }

    private static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    @Override
    public long stagedDuplicates(TenantScope scope, AudienceId audienceId, RunId runId) {
        String staging = StagingTables.nameOf(scope, runId);
        return SqlErrors.guarded(() -> bulkJdbi.withHandle(handle -> {
            if (!StagingTables.exists(handle, staging)) {
                return 0L;
            }
            MemberDao dao = handle.attach(MemberDao.class);
            return dao.countStaged(staging) - dao.countStagedIdentities(staging);
        }));
    }

    @Override
    public MergeOutcome merge(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                              Instant ingestedAt, Instant expiryCutoff) {
        return merge(scope, audienceId, runId, mode, ingestedAt, expiryCutoff, (handle, outcome) -> { });
    }

    /**
     * The merge and the run's outcome are written by one transaction: the database commits both or neither, so that a
     * crash at any moment leaves a run that reads SUCCESS if and only if its members are in. The run's row is
     * updated only while it is in progress; a run failed meanwhile by another node makes the merge roll back.
     */
    @Override
    public Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                 Instant ingestedAt, Instant expiryCutoff,
                                 Function<MergeOutcome, IngestionRun> finished) {
        try {
            return new Finish.Finished(merge(scope, audienceId, runId, mode, ingestedAt, expiryCutoff,
                    (handle, outcome) -> {
                        IngestionRuns.RunWrite written = JdbiIngestionRuns.updateIn(handle, finished.apply(outcome));
                        if (written != IngestionRuns.RunWrite.WRITTEN) {
                            throw new OutcomeRefused(written);
                        }
                    }));
        } catch (OutcomeRefused refused) {
            return new Finish.NotFinished(refused.written);
        }
    }

    /** Rolls a merge's transaction back when its run's outcome was not stored; never leaves this class. */
    private static final class OutcomeRefused extends RuntimeException {
        final IngestionRuns.RunWrite written;

        OutcomeRefused(IngestionRuns.RunWrite written) {
            super(null, null, false, false);
            this.written = written;
        }
    }

    /** What a merge does, inside its transaction, once it has written the members. */
    private interface AfterMerge {
        void accept(Handle transaction, MergeOutcome outcome);
    }

    private MergeOutcome merge(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                               Instant ingestedAt, Instant expiryCutoff, AfterMerge inTransaction) {
        Target target = new Target(scope.orgId(), scope.sandboxName(), audienceId.value(),
                StagingTables.nameOf(scope, runId), ingestedAt.toEpochMilli(), expiryCutoff.toEpochMilli());
        MergeOutcome outcome = SqlErrors.guarded(() -> {
            boolean staged = bulkJdbi.withHandle(handle -> StagingTables.exists(handle, target.staging()));
            if (staged) {
                // outside the transaction: on H2, ANALYZE commits whatever is open
                bulkJdbi.useHandle(handle -> handle.execute(String.format(dialect.analyzeStaging, target.staging())));
            }
            if (dialect == Dialect.POSTGRESQL) {
                // one run of an audience at a time: nothing else changes its members until this merge ends
                boolean hadMembers = bulkJdbi.withExtension(MemberDao.class, dao -> dao.hasAnyMember(target.org(),
                        target.sandbox(), target.audience()));
                if (hadMembers) {
                    // Right after a bulk load the members table's statistics are stale (autovacuum analyses it up to
                    // a minute later), and a semi-join between a million members and a million staged rows planned
                    // on them as a nested loop never ends. ANALYZE samples a fixed number of rows: cheap at any size.
                    bulkJdbi.useHandle(handle -> handle.execute("ANALYZE members"));
                }
                return bulkJdbi.inTransaction(handle -> finish(handle, inTransaction, mergeOnPostgres(
                        handle.attach(MemberDao.class), staged, hadMembers, target, mode)));
            }
            return bulkJdbi.inTransaction(handle -> finish(handle, inTransaction,
                    mergePortably(handle.attach(MemberDao.class), staged, target, mode)));
        });
        discard(scope, audienceId, runId);
        return outcome;
    }

    private static MergeOutcome finish(Handle transaction, AfterMerge inTransaction, MergeOutcome outcome) {
        inTransaction.accept(transaction, outcome);
        return outcome;
    }

    /** Where a merge writes: the audience, its run's staging table, the run's time and the expiry cutoff. */
    private record Target(String org, String sandbox, String audience, String staging, long ingestedAt, long cutoff) {
    }

    /**
     * Makes the audience's next generation current and answers its number: a full merge writes what the run read
     * into it, in the same transaction. The members it did not read are gone for readers at once; their rows go
     * afterwards, in batches ({@link JdbiMembers#removeReplaced}).
     */
    private static long nextGeneration(MemberDao dao, Target target) {
        long next = dao.currentGeneration(target.org(), target.sandbox(), target.audience()) + 1;
        dao.forgetGeneration(target.org(), target.sandbox(), target.audience());
        dao.recordGeneration(target.org(), target.sandbox(), target.audience(), next);
        return next;
    }

    /**
     * H2 (and any database): duplicates dropped from the staging table first, then counts, then one set-based write:
     * an insert of the next generation for a full run, a MERGE into the current one for a differential run.
     */
    private static MergeOutcome mergePortably(MemberDao dao, boolean staged, Target target, IngestionMode mode) {
        long rows = staged ? dao.countStaged(target.staging()) : 0;
        long identities = staged ? dao.countStagedIdentities(target.staging()) : 0;
        if (identities < rows) {
            dao.dropSupersededStaged(target.staging());
        }
        long live = dao.countLive(target.org(), target.sandbox(), target.audience(), target.cutoff());
        long updated = live == 0 || identities == 0 ? 0 : dao.countStagedAndLive(target.staging(), target.org(),
                target.sandbox(), target.audience(), target.cutoff());
        long removed = 0;
        if (mode == IngestionMode.FULL) {
            removed = live - updated;
            long generation = nextGeneration(dao, target);
            if (staged) {
                dao.insertStaged(target.staging(), target.org(), target.sandbox(), target.audience(), generation,
                        target.ingestedAt());
            }
        } else if (staged) {
            dao.mergeStaged(target.staging(), target.org(), target.sandbox(), target.audience(), target.ingestedAt());
        }
        return new MergeOutcome(identities - updated, updated, removed, rows - identities);
    }

    /**
     * PostgreSQL folds what the portable merge does in separate passes into fewer statements: duplicates are resolved
     * by the statement that writes ({@code DISTINCT ON}), and a differential upsert counts what it added and updated
     * as it writes. A differential run keeps expired rows for the sweeper (a longer TTL may yet bring them back), and
     * counts those it re-stages as added, since they were not live.
     */
    private static MergeOutcome mergeOnPostgres(MemberDao dao, boolean staged, boolean hadMembers, Target target,
                                                IngestionMode mode) {
        String org = target.org();
        String sandbox = target.sandbox();
        String audience = target.audience();
        long rows = staged ? dao.countStaged(target.staging()) : 0;
        if (mode == IngestionMode.FULL) {
            long live = hadMembers ? dao.countLive(org, sandbox, audience, target.cutoff()) : 0;
            long updated = hadMembers && staged
                    ? dao.countLiveStaged(target.staging(), org, sandbox, audience, target.cutoff()) : 0;
            long generation = nextGeneration(dao, target);
            long identities = staged ? dao.insertLastStaged(target.staging(), org, sandbox, audience, generation,
                    target.ingestedAt()) : 0;
            return new MergeOutcome(identities - updated, updated, live - updated, rows - identities);
        }
        if (!staged) {
            return new MergeOutcome(0, 0, 0, 0);
        }
        long generation = dao.currentGeneration(org, sandbox, audience);
        long expiredRestaged = hadMembers && dao.hasExpired(org, sandbox, audience, target.cutoff())
                ? dao.countExpiredStaged(target.staging(), org, sandbox, audience, target.cutoff()) : 0;
        MemberDao.Upserted written = hadMembers
                ? dao.upsertLastStaged(target.staging(), org, sandbox, audience, generation, target.ingestedAt())
                : new MemberDao.Upserted(dao.insertLastStaged(target.staging(), org, sandbox, audience, generation,
                        target.ingestedAt()), 0);
        long identities = written.added() + written.updated();
        return new MergeOutcome(written.added() + expiredRestaged, written.updated() - expiredRestaged, 0,
                rows - identities);
    }

    @Override
    public void discard(TenantScope scope, AudienceId audienceId, RunId runId) {
        SqlErrors.guarded(() -> jdbi.useHandle(handle ->
                StagingTables.drop(handle, StagingTables.nameOf(scope, runId))));
    }

    @Override
    public void removeAll(TenantScope scope, AudienceId audienceId) {
        SqlErrors.guarded(() -> bulkJdbi.useHandle(handle -> StagingTables.dropAllOf(handle, scope, audienceId)));
    }
}
