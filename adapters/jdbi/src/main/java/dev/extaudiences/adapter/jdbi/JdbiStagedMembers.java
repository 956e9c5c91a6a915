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
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Each run's staging in a table of its own (see {@link StagingTables}), merged into the {@code members} table by a
 * few set-based statements in one transaction: readers see the membership before it or after it, never half of it.
 * How a batch is appended and what the statements are is the database's {@link MergeStrategy}.
 */
public final class JdbiStagedMembers implements StagedMembers {

    private static final int REMEMBERED = 10_000;

    private final Jdbi jdbi;
    /** For the statements whose time grows with a file or an audience (staging, merging). */
    private final Jdbi bulkJdbi;
    private final MergeStrategy strategy;
    /** The staging tables this node made or found and has not dropped since. */
    private final Set<String> made = ConcurrentHashMap.newKeySet();

    JdbiStagedMembers(Jdbi jdbi, Jdbi bulkJdbi, MergeStrategy strategy) {
        this.jdbi = jdbi;
        this.bulkJdbi = bulkJdbi;
        this.strategy = strategy;
    }

    @Override
    public int membersPerWrite() {
        return strategy.membersPerWrite();
    }

    @Override
    public void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long respelled = 0;
        for (StagedMember member : batch) {
            if (member.isRespelled()) {
                respelled++;
            }
        }
        long spellings = respelled;
        String staging = StagingTables.nameOf(scope, runId);
        SqlErrors.guarded(() -> bulkJdbi.useHandle(handle -> {
            if (!made.contains(staging)) {
                StagingTables.ensure(handle, strategy, scope, audienceId, runId);
                remember(staging);
            }
            try {
                append(handle, staging, batch, spellings);
            } catch (JdbiException failed) {
                // a table this node made may have been dropped since by another (a run's lease taken over): asked
                // again only now, and made again as the first batch would, as it was before it was remembered
                made.remove(staging);
                boolean missing;
                try {
                    missing = !StagingTables.exists(handle, staging);
                } catch (JdbiException unknown) {
                    failed.addSuppressed(unknown);
                    throw failed;
                }
                if (!missing) {
                    throw failed;
                }
                StagingTables.ensure(handle, strategy, scope, audienceId, runId);
                remember(staging);
                append(handle, staging, batch, spellings);
            }
        }));
    }

    /**
     * Remembers a table made or found, so that the run's next batches need not ask the registry (a round trip per
     * batch: 200 for a million rows). Forgotten at its drop; beyond {@link #REMEMBERED} tables (runs whose tables
     * another node dropped) all is forgotten, which costs the next batches one question each.
     */
    private void remember(String staging) {
        if (made.size() >= REMEMBERED) {
            made.clear();
        }
        made.add(staging);
    }

    private void append(Handle handle, String staging, List<StagedMember> batch, long spellings) {
        if (spellings == 0) {
            strategy.append(handle, staging, batch, false);
            return;
        }
        // the rows and their count together: a merge that trusts the count never misses a spelling
        handle.useTransaction(transaction -> {
            strategy.append(transaction, staging, batch, true);
            StagingTables.countRespelled(transaction, staging, spellings);
        });
    }

    @Override
    public long stagedDuplicates(TenantScope scope, AudienceId audienceId, RunId runId) {
        String staging = StagingTables.nameOf(scope, runId);
        return SqlErrors.guarded(() -> bulkJdbi.withHandle(handle -> {
            if (!StagingTables.exists(handle, staging)) {
                return 0L;
            }
            StagingDao dao = handle.attach(StagingDao.class);
            return dao.countStaged(staging) - dao.countStagedIdentities(staging);
        }));
    }

    @Override
    public MergeOutcome merge(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                              Instant ingestedAt, Instant expiryCutoff) {
        return merge(scope, audienceId, runId, mode, ingestedAt, expiryCutoff, written -> { },
                (handle, outcome) -> { });
    }

    /**
     * The merge and the run's outcome are written by one transaction: the database commits both or neither, so that a
     * crash at any moment leaves a run that reads SUCCESS if and only if its members are in. The run's row is
     * updated only while it is in progress; a run failed meanwhile by another node makes the merge roll back.
     */
    @Override
    public Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                 Instant ingestedAt, Instant expiryCutoff, Progress progress,
                                 Function<MergeOutcome, IngestionRun> finished) {
        long[] lastTold = {0};
        try {
            return new Finish.Finished(merge(scope, audienceId, runId, mode, ingestedAt, expiryCutoff,
                    written -> {
                        // a chunk that wrote nothing is no progress to tell
                        if (written <= lastTold[0]) {
                            return;
                        }
                        lastTold[0] = written;
                        IngestionRuns.RunWrite told = progress.written(written);
                        if (told != IngestionRuns.RunWrite.WRITTEN) {
                            throw new OutcomeRefused(told);
                        }
                    },
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

    /**
     * Rolls a merge's transaction back when its run's progress or outcome was not stored (the run had ended, or is
     * gone); never leaves this class.
     */
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
                               Instant ingestedAt, Instant expiryCutoff, MergeStrategy.Written progress,
                               AfterMerge inTransaction) {
        String staging = StagingTables.nameOf(scope, runId);
        MergeOutcome outcome = SqlErrors.guarded(() -> bulkJdbi.withHandle(handle -> {
            MergeTarget target = target(handle, scope, audienceId, staging, ingestedAt.toEpochMilli(), expiryCutoff);
            MergeStrategy.Merge merge = strategy.prepare(handle, target);
            return handle.inTransaction(transaction -> {
                MergeOutcome merged = merge.write(transaction, mode, progress);
                inTransaction.accept(transaction, merged);
                return merged;
            });
        }));
        discard(scope, audienceId, runId);
        return outcome;
    }

    /** Counted by {@link MergePreview}'s queries, beside the merge, in one read-only transaction. */
    @Override
    public MergeOutcome preview(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                Instant expiryCutoff) {
        String staging = StagingTables.nameOf(scope, runId);
        return SqlErrors.guarded(() -> bulkJdbi.withHandle(handle -> handle.inTransaction(transaction ->
                MergePreview.count(transaction, target(transaction, scope, audienceId, staging, 0, expiryCutoff),
                        mode))));
    }

    private static MergeTarget target(Handle handle, TenantScope scope, AudienceId audienceId, String staging,
                                      long ingestedAt, Instant expiryCutoff) {
        OptionalLong registered = StagingTables.registered(handle, staging);
        return new MergeTarget(scope.orgId(), scope.sandboxName(), audienceId.value(), staging,
                registered.isPresent(), registered.orElse(0), ingestedAt, expiryCutoff.toEpochMilli());
    }

    @Override
    public void discard(TenantScope scope, AudienceId audienceId, RunId runId) {
        String staging = StagingTables.nameOf(scope, runId);
        made.remove(staging);
        SqlErrors.guarded(() -> jdbi.useHandle(handle -> StagingTables.drop(handle, staging)));
    }

    @Override
    public void removeAll(TenantScope scope, AudienceId audienceId) {
        // the tables are named by a hash of their run: which of them are the audience's is the registry's to say
        made.clear();
        SqlErrors.guarded(() -> bulkJdbi.useHandle(handle -> StagingTables.dropAllOf(handle, scope, audienceId)));
    }
}
