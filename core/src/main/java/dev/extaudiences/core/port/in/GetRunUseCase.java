package dev.extaudiences.core.port.in;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.TenantScope;

/** Reads one run. */
public interface GetRunUseCase {

    IngestionRun run(TenantScope scope, AudienceId audienceId, RunId runId);
}
