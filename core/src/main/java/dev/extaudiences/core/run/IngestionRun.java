package dev.extaudiences.core.run;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudienceName;
import dev.extaudiences.core.audience.ProfileIngestion;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One ingestion run of an audience and its state machine. A run is created processing with its two stages pending;
 * {@link #on} is the only way it moves, and it refuses every event its state does not allow. Once succeeded or failed
 * a run never changes again.
 */
public record IngestionRun(RunId id, TenantScope scope, AudienceId audienceId, AudienceName audienceName,
                           RunWindow window, IngestionMode mode, Stamp created, RunStatus status,
                           List<StageProgress> stages, RunCounts counts, List<RejectedRow> rejections,
                           RunEffect effect) {

    public IngestionRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(audienceId, "audienceId");
        Objects.requireNonNull(audienceName, "audienceName");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(effect, "effect");
        rejections = List.copyOf(rejections);
        if (rejections.size() > RejectedRow.MAX_SAMPLES) {
            throw new IllegalArgumentException("a run keeps at most " + RejectedRow.MAX_SAMPLES + " rejected-row samples");
        }
        stages = List.copyOf(stages);
        if (stages.size() != Stage.values().length) {
            throw new IllegalArgumentException("a run has exactly one progress per stage");
        }
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).stage() != Stage.values()[i]) {
                throw new IllegalArgumentException("stages must be listed in order " + List.of(Stage.values()));
            }
        }
    }

    /** A run that applies what it reads (every run before dry runs existed, and every run not asked to be one). */
    public IngestionRun(RunId id, TenantScope scope, AudienceId audienceId, AudienceName audienceName,
                        RunWindow window, IngestionMode mode, Stamp created, RunStatus status,
                        List<StageProgress> stages, RunCounts counts, List<RejectedRow> rejections) {
        this(id, scope, audienceId, audienceName, window, mode, created, status, stages, counts, rejections,
                RunEffect.APPLY);
    }

    /** A new run of {@code audience}: processing, both stages pending (the profile stage skipped when disabled). */
    public static IngestionRun start(RunId id, Audience audience, RunRequest request, Stamp created,
                                     String datasetFlowRunId, String profileFlowRunId) {
        StageProgress profile = StageProgress.pending(Stage.PROFILE_STORE_INGEST, profileFlowRunId);
        if (audience.profileIngestion() == ProfileIngestion.DISABLED) {
            profile = profile.endedAt(StageStatus.SKIPPED, created.at());
        }
        return new IngestionRun(id, audience.scope(), audience.id(), audience.name(), request.window(),
                request.mode(), created, new RunStatus.Processing(),
                List.of(StageProgress.pending(Stage.DATASET_INGEST, datasetFlowRunId), profile), RunCounts.ZERO, List.of(),
                request.effect());
    }

    /** Whether the run only counts what it would change (its members stay as they are). */
    public boolean isDryRun() {
        return effect == RunEffect.DRY_RUN;
    }

    public boolean isInProgress() {
        return !status.isTerminal();
    }

    public StageProgress stage(Stage stage) {
        return stages.get(stage.ordinal());
    }

    public Optional<RunFailure> failure() {
        return status instanceof RunStatus.Failed failed ? Optional.of(failed.failure()) : Optional.empty();
    }

    /** The run after {@code event} happened at {@code at}; refuses an event the current state does not allow. */
    public IngestionRun on(RunEvent event, Instant at) {
        Objects.requireNonNull(at, "at");
        if (status.isTerminal()) {
            throw new IllegalRunTransition(id, "has ended " + status.kind() + "; " + event + " cannot happen");
        }
        // Java 17 has no pattern switch; the sealed hierarchy still makes this list complete.
        if (event instanceof RunEvent.StageStarted started) {
            return startStage(started.stage(), at);
        } else if (event instanceof RunEvent.StageSucceeded succeeded) {
            return succeedStage(succeeded.stage(), at);
        } else if (event instanceof RunEvent.StageFailed failed) {
            return failStage(failed.stage(), failed.failure(), at);
        } else if (event instanceof RunEvent.Abandoned abandoned) {
            return failRun(abandoned.failure(), at);
        } else if (event instanceof RunEvent.Cancelled cancelled) {
            return failRun(RunFailure.cancelledBy(cancelled.by()), at);
        } else if (event instanceof RunEvent.Progressed progressed) {
            return progress(progressed.counts(), progressed.rejections());
        }
        throw new IllegalArgumentException("unknown run event " + event);
    }

    private IngestionRun startStage(Stage stage, Instant at) {
        requireStageStatus(stage, StageStatus.PENDING, "start");
        for (Stage earlier : Stage.values()) {
            if (earlier.ordinal() < stage.ordinal() && stage(earlier).status() != StageStatus.SUCCESS) {
                throw new IllegalRunTransition(id, stage + " cannot start before " + earlier + " succeeded");
            }
        }
        return withStages(replace(stage, stage(stage).startedAt(at)), status);
    }

    private IngestionRun succeedStage(Stage stage, Instant at) {
        requireStageStatus(stage, StageStatus.PROCESSING, "succeed");
        List<StageProgress> updated = replace(stage, stage(stage).endedAt(StageStatus.SUCCESS, at));
        boolean allDone = updated.stream().allMatch(progress -> progress.status() == StageStatus.SUCCESS
                || progress.status() == StageStatus.SKIPPED);
        return withStages(updated, allDone ? new RunStatus.Succeeded(at) : status);
    }

    private IngestionRun failStage(Stage stage, RunFailure failure, Instant at) {
        requireStageStatus(stage, StageStatus.PROCESSING, "fail");
        return failRun(failure, at);
    }

    /** Ends the run failed: a processing stage fails with it, a pending one will never run. */
    private IngestionRun failRun(RunFailure failure, Instant at) {
        List<StageProgress> updated = new ArrayList<>(stages.size());
        for (StageProgress progress : stages) {
            updated.add(switch (progress.status()) {
                case PROCESSING -> progress.endedAt(StageStatus.FAILED, at);
                case PENDING -> progress.endedAt(StageStatus.SKIPPED, at);
                default -> progress;
            });
        }
        return withStages(updated, new RunStatus.Failed(at, failure));
    }

    /** New counts, and new rejected-row samples kept while there is room for them. */
    private IngestionRun progress(RunCounts advanced, List<RejectedRow> moreRejections) {
        if (!advanced.isReachableFrom(counts)) {
            throw new IllegalRunTransition(id, "counts cannot go back from " + counts + " to " + advanced);
        }
        List<RejectedRow> kept = new ArrayList<>(rejections);
        moreRejections.stream().limit(Math.max(0, RejectedRow.MAX_SAMPLES - kept.size())).forEach(kept::add);
        return new IngestionRun(id, scope, audienceId, audienceName, window, mode, created, status, stages, advanced,
                kept, effect);
    }

    private void requireStageStatus(Stage stage, StageStatus expected, String action) {
        StageStatus actual = stage(stage).status();
        if (actual != expected) {
            throw new IllegalRunTransition(id, "cannot " + action + " " + stage + " while it is " + actual);
        }
    }

    private List<StageProgress> replace(Stage stage, StageProgress progress) {
        List<StageProgress> updated = new ArrayList<>(stages);
        updated.set(stage.ordinal(), progress);
        return updated;
    }

    private IngestionRun withStages(List<StageProgress> updated, RunStatus newStatus) {
        return new IngestionRun(id, scope, audienceId, audienceName, window, mode, created, newStatus, updated, counts,
                rejections, effect);
    }
}
