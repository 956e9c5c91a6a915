package dev.extaudiences.core.service;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.run.RunsByStatus;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The runs store, announcing every run it ends: the one place a run's end is seen, whoever ends it (its worker, the
 * lease sweeper, a cancel), since a run ends only by an {@link #update} the store writes.
 */
final class AnnouncingRuns implements IngestionRuns {

    private final IngestionRuns runs;
    private final Consumer<IngestionRun> ended;

    AnnouncingRuns(IngestionRuns runs, Consumer<IngestionRun> ended) {
        this.runs = runs;
        this.ended = ended;
    }

    @Override
    public RunWrite update(IngestionRun run) {
        RunWrite written = runs.update(run);
        // WRITTEN for an ended run: this write ended it (a run that had ended answers ALREADY_ENDED)
        if (written == RunWrite.WRITTEN && run.status().isTerminal()) {
            ended.accept(run);
        }
        return written;
    }

    @Override
    public void add(IngestionRun run, RunGuardrails guardrails) {
        runs.add(run, guardrails);
    }

    @Override
    public Optional<IngestionRun> find(TenantScope scope, AudienceId audienceId, RunId runId) {
        return runs.find(scope, audienceId, runId);
    }

    @Override
    public Optional<IngestionRun> inProgress(TenantScope scope, AudienceId audienceId) {
        return runs.inProgress(scope, audienceId);
    }

    @Override
    public Page<IngestionRun> list(TenantScope scope, AudienceId audienceId, RunQuery query) {
        return runs.list(scope, audienceId, query);
    }

    @Override
    public long runsCounted(TenantScope scope, AudienceId audienceId, Instant day) {
        return runs.runsCounted(scope, audienceId, day);
    }

    @Override
    public long runsCounted(TenantScope scope, Instant day) {
        return runs.runsCounted(scope, day);
    }

    @Override
    public long countCreatedSince(TenantScope scope, AudienceId audienceId, Instant since) {
        return runs.countCreatedSince(scope, audienceId, since);
    }

    @Override
    public long countCreatedSince(TenantScope scope, Instant since) {
        return runs.countCreatedSince(scope, since);
    }

    @Override
    public Optional<IngestionRun> claimNext(String worker, Instant leaseUntil) {
        return runs.claimNext(worker, leaseUntil);
    }

    @Override
    public boolean renewLease(IngestionRun run, String worker, Instant leaseUntil) {
        return runs.renewLease(run, worker, leaseUntil);
    }

    @Override
    public List<IngestionRun> lapsed(Instant now, int limit) {
        return runs.lapsed(now, limit);
    }

    @Override
    public void workerSeen(String worker, Instant at) {
        runs.workerSeen(worker, at);
    }

    @Override
    public Optional<Instant> lastWorkerSeen() {
        return runs.lastWorkerSeen();
    }

    @Override
    public RunsByStatus countByStatus() {
        return runs.countByStatus();
    }

    @Override
    public void removeAll(TenantScope scope, AudienceId audienceId) {
        runs.removeAll(scope, audienceId);
    }
}
