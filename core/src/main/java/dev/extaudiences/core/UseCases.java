package dev.extaudiences.core;

import dev.extaudiences.core.port.in.CancelRunUseCase;
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
import dev.extaudiences.core.port.in.ReadRunQuotasUseCase;
import dev.extaudiences.core.port.in.RepeatRequestsSafelyUseCase;
import dev.extaudiences.core.port.in.StartRunUseCase;
import dev.extaudiences.core.port.in.UpdateAudienceUseCase;
import dev.extaudiences.core.port.in.UploadLandingFileUseCase;
import java.util.Objects;

/**
 * Every use case of the domain, each by its own interface, as a driving adapter (the HTTP API, an embedding service's
 * own entry) takes them: the inbound side, as {@link Stores} is the outbound one. {@link ExternalAudiences} builds it
 * over the services that implement them.
 */
public record UseCases(CreateAudienceUseCase create, GetOperationUseCase operations, GetAudienceUseCase audience,
                       ListAudiencesUseCase audiences, UpdateAudienceUseCase update, DeleteAudienceUseCase delete,
                       StartRunUseCase startRun, GetRunUseCase run, ListRunsUseCase runs, CancelRunUseCase cancelRun,
                       LookUpMembersUseCase members, ObserveRunsUseCase observeRuns,
                       ObserveWorkersUseCase observeWorkers, UploadLandingFileUseCase upload,
                       ReadRunQuotasUseCase quotas, RepeatRequestsSafelyUseCase repeatSafely) {

    public UseCases {
        Objects.requireNonNull(create, "create");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(audiences, "audiences");
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(delete, "delete");
        Objects.requireNonNull(startRun, "startRun");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(cancelRun, "cancelRun");
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(observeRuns, "observeRuns");
        Objects.requireNonNull(observeWorkers, "observeWorkers");
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(repeatSafely, "repeatSafely");
    }
}
