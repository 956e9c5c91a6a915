package dev.extaudiences.core.run;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One stage of a run: its status, its flow run id and when it started and ended. */
public record StageProgress(Stage stage, StageStatus status, String flowRunId, Optional<Instant> startedAt,
                            Optional<Instant> endedAt) {

    public StageProgress {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(flowRunId, "flowRunId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
    }

    static StageProgress pending(Stage stage, String flowRunId) {
        return new StageProgress(stage, StageStatus.PENDING, flowRunId, Optional.empty(), Optional.empty());
    }

    StageProgress startedAt(Instant at) {
        return new StageProgress(stage, StageStatus.PROCESSING, flowRunId, Optional.of(at), Optional.empty());
    }

    StageProgress endedAt(StageStatus outcome, Instant at) {
        return new StageProgress(stage, outcome, flowRunId, startedAt, Optional.of(at));
    }
}
