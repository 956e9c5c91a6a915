package dev.extaudiences.core.run;

import dev.extaudiences.core.tenant.UserId;
import java.util.List;
import java.util.Objects;

/** Everything that can happen to a run while it is processing. */
public sealed interface RunEvent {

    record StageStarted(Stage stage) implements RunEvent {
        public StageStarted {
            Objects.requireNonNull(stage, "stage");
        }
    }

    record StageSucceeded(Stage stage) implements RunEvent {
        public StageSucceeded {
            Objects.requireNonNull(stage, "stage");
        }
    }

    record StageFailed(Stage stage, RunFailure failure) implements RunEvent {
        public StageFailed {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** The run ends failed before its stages could: its node died, or its source could not be resolved. */
    record Abandoned(RunFailure failure) implements RunEvent {
        public Abandoned {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * A caller cancelled the run: it ends failed at once, wherever it stands, and its worker (on whichever node) finds
     * it ended at its next write and stops there.
     */
    record Cancelled(UserId by) implements RunEvent {
        public Cancelled {
            Objects.requireNonNull(by, "by");
        }
    }

    /** The run read more: its counts so far, and samples of rows it rejected since the last progress. */
    record Progressed(RunCounts counts, List<RejectedRow> rejections) implements RunEvent {
        public Progressed {
            Objects.requireNonNull(counts, "counts");
            rejections = List.copyOf(rejections);
        }

        public Progressed(RunCounts counts) {
            this(counts, List.of());
        }
    }
}
