package dev.extaudiences.core.port.in;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.tenant.TenantScope;

/** Lists the runs of an audience, filtered, sorted and paged. */
public interface ListRunsUseCase {

    Page<IngestionRun> runs(TenantScope scope, AudienceId audienceId, RunQuery query);
}
