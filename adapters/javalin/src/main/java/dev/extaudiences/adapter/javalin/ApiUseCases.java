package dev.extaudiences.adapter.javalin;

import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.port.in.CreateAudienceUseCase;
import dev.extaudiences.core.port.in.DeleteAudienceUseCase;
import dev.extaudiences.core.port.in.GetAudienceUseCase;
import dev.extaudiences.core.port.in.GetOperationUseCase;
import dev.extaudiences.core.port.in.GetRunUseCase;
import dev.extaudiences.core.port.in.ListAudiencesUseCase;
import dev.extaudiences.core.port.in.ListRunsUseCase;
import dev.extaudiences.core.port.in.LookUpMembersUseCase;
import dev.extaudiences.core.port.in.ObserveRunsUseCase;
import dev.extaudiences.core.port.in.ObserveWorkersUseCase;
import dev.extaudiences.core.port.in.StartRunUseCase;
import dev.extaudiences.core.port.in.UpdateAudienceUseCase;

/** The use cases the HTTP API drives. */
public record ApiUseCases(CreateAudienceUseCase create, GetOperationUseCase operations, GetAudienceUseCase audience,
                          ListAudiencesUseCase audiences, UpdateAudienceUseCase update, DeleteAudienceUseCase delete,
                          StartRunUseCase startRun, GetRunUseCase run, ListRunsUseCase runs,
                          LookUpMembersUseCase members, ObserveRunsUseCase observeRuns,
                          ObserveWorkersUseCase observeWorkers) {

    public static ApiUseCases of(ExternalAudiences domain) {
        return new ApiUseCases(domain, domain, domain, domain, domain, domain, domain, domain, domain, domain, domain,
                domain);
    }
}
