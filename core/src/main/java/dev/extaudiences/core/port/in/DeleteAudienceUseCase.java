package dev.extaudiences.core.port.in;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.tenant.TenantScope;

/** Deletes an audience with its runs and members. */
public interface DeleteAudienceUseCase {

    /** Deletes, or refuses with a {@code NotFound} error when the audience does not exist in the scope. */
    void delete(TenantScope scope, AudienceId id);
}
