package dev.extaudiences.core.port.in;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.run.RunQuotas;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.Optional;

/** Tells a client how many runs it may still start today, before a guardrail tells it by refusing one. */
public interface ReadRunQuotasUseCase {

    /**
     * The sandbox's daily guardrail as it stands, and the audience's when one is named (not found, as elsewhere,
     * when it is not in the scope), with when the day resets.
     */
    RunQuotas quotas(TenantScope scope, Optional<AudienceId> audienceId);
}
