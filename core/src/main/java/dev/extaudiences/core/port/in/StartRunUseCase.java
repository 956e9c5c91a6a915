package dev.extaudiences.core.port.in;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.tenant.Caller;

/** Starts an ingestion run of an audience. */
public interface StartRunUseCase {

    /**
     * The new run, processing. Refused with an {@code Unprocessable} error when another run of the audience is in
     * progress or a guardrail would be passed, each with its own reason.
     */
    IngestionRun start(Caller caller, AudienceId audienceId, RunRequest request);
}
