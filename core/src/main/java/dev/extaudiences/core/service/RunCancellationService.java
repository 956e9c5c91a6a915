package dev.extaudiences.core.service;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Refusal;
import dev.extaudiences.core.error.ResourceKind;
import dev.extaudiences.core.port.in.CancelRunUseCase;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.Caller;
import java.time.Clock;
import java.util.Objects;

/**
 * Cancels runs by storing their end: the cancelled run is written failed through {@link IngestionRuns#update}, the
 * same write that refuses to change a run that has ended. That one write is the whole protocol between a cancel and
 * the run's worker, on this node or another sharing the store: the worker's next write (a batch's counts, the start
 * of its profile stage, its merge's outcome, which commits with the members or not at all) finds the run ended and
 * stops, and drops the run's staging. So a cancel and a run's finish cannot both win: whichever is stored first
 * stands, and the other is refused (the cancel as {@code RUN_ENDED}, the finish by rolling its merge back).
 */
public final class RunCancellationService implements CancelRunUseCase {

    private final Audiences audiences;
    private final IngestionRuns runs;
    private final Clock clock;

    public RunCancellationService(Audiences audiences, IngestionRuns runs, Clock clock) {
        this.audiences = Objects.requireNonNull(audiences);
        this.runs = Objects.requireNonNull(runs);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public IngestionRun cancel(Caller caller, AudienceId audienceId, RunId runId) {
        audiences.existing(caller.scope(), audienceId);
        IngestionRun run = found(caller, audienceId, runId);
        if (!run.isInProgress()) {
            throw ended(run);
        }
        // computed from the state read: a worker's write in between changes nothing that matters, since a cancelled
        // run's stages and counts are those of the moment it was cancelled, and its worker's next write is refused
        IngestionRun cancelled = run.on(new RunEvent.Cancelled(caller.user()), clock.instant());
        return switch (runs.update(cancelled)) {
            case WRITTEN -> cancelled;
            // it ended between the read and the write: its own outcome stands, and is what the refusal names
            case ALREADY_ENDED -> throw ended(found(caller, audienceId, runId));
            case GONE -> throw DomainException.notFound(ResourceKind.RUN, runId.value());
        };
    }

    private IngestionRun found(Caller caller, AudienceId audienceId, RunId runId) {
        return runs.find(caller.scope(), audienceId, runId)
                .orElseThrow(() -> DomainException.notFound(ResourceKind.RUN, runId.value()));
    }

    private static DomainException ended(IngestionRun run) {
        String how = switch (run.status().kind()) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case PROCESSING -> throw new IllegalArgumentException("run " + run.id() + " has not ended");
        };
        return DomainException.unprocessable(Refusal.RUN_ENDED,
                "run " + run.id() + " has ended (it " + how + "); only a run in progress can be cancelled");
    }
}
