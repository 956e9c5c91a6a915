package dev.extaudiences.core.service;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/** The staging store, announcing the run a merge finishes, once the merge and the run's success are committed. */
final class AnnouncingStagedMembers implements StagedMembers {

    private final StagedMembers staged;
    private final Consumer<IngestionRun> ended;

    AnnouncingStagedMembers(StagedMembers staged, Consumer<IngestionRun> ended) {
        this.staged = staged;
        this.ended = ended;
    }

    @Override
    public Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                 Instant ingestedAt, Instant expiryCutoff, Progress progress,
                                 Function<MergeOutcome, IngestionRun> finished) {
        AtomicReference<IngestionRun> stored = new AtomicReference<>();
        Finish finish = staged.mergeAndFinish(scope, audienceId, runId, mode, ingestedAt, expiryCutoff, progress,
                outcome -> {
                    IngestionRun run = finished.apply(outcome);
                    stored.set(run);
                    return run;
                });
        // announced after the commit, never from inside the transaction that may still roll back
        if (finish instanceof Finish.Finished && stored.get() != null && stored.get().status().isTerminal()) {
            ended.accept(stored.get());
        }
        return finish;
    }

    @Override
    public void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch) {
        staged.stage(scope, audienceId, runId, batch);
    }

    @Override
    public int membersPerWrite() {
        return staged.membersPerWrite();
    }

    @Override
    public MergeOutcome preview(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                Instant expiryCutoff) {
        return staged.preview(scope, audienceId, runId, mode, expiryCutoff);
    }

    @Override
    public MergeOutcome merge(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                             Instant ingestedAt, Instant expiryCutoff) {
        return staged.merge(scope, audienceId, runId, mode, ingestedAt, expiryCutoff);
    }

    @Override
    public long stagedDuplicates(TenantScope scope, AudienceId audienceId, RunId runId) {
        return staged.stagedDuplicates(scope, audienceId, runId);
    }

    @Override
    public void discard(TenantScope scope, AudienceId audienceId, RunId runId) {
        staged.discard(scope, audienceId, runId);
    }

    @Override
    public void removeAll(TenantScope scope, AudienceId audienceId) {
        staged.removeAll(scope, audienceId);
    }
}
