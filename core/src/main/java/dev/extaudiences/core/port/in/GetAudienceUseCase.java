package dev.extaudiences.core.port.in;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.tenant.TenantScope;

/** Reads one audience. */
public interface GetAudienceUseCase {

    /** The audience, or a {@code NotFound} error when it does not exist in the scope. */
    Audience audience(TenantScope scope, AudienceId id);
}
