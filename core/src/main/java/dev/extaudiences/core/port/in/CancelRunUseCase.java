package dev.extaudiences.core.port.in;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.Caller;

/** Cancels a run in progress. */
public interface CancelRunUseCase {

    /**
     * The run as the cancel left it: ended failed, cancelled by the caller, whichever node executes it (that node
     * stops at its next write and drops what the run staged). Refused with an {@code Unprocessable} error
     * ({@code RUN_ENDED}) when the run has already ended, its members merged or not; not found when the audience or
     * the run is not in the caller's scope.
     */
    IngestionRun cancel(Caller caller, AudienceId audienceId, RunId runId);
}
