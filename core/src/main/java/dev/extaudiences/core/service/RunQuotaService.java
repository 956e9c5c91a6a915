package dev.extaudiences.core.service;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.port.in.ReadRunQuotasUseCase;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunQuotas;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Reads the guardrails' day counts, the ones the runs store decides starts on, against the configured limits. */
public final class RunQuotaService implements ReadRunQuotasUseCase {

    private final Audiences audiences;
    private final IngestionRuns runs;
    private final RunGuardrails guardrails;
    private final Clock clock;

    public RunQuotaService(Audiences audiences, IngestionRuns runs, RunGuardrails guardrails, Clock clock) {
        this.audiences = Objects.requireNonNull(audiences);
        this.runs = Objects.requireNonNull(runs);
        this.guardrails = Objects.requireNonNull(guardrails);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public RunQuotas quotas(TenantScope scope, Optional<AudienceId> audienceId) {
        Objects.requireNonNull(scope, "scope");
        Instant now = clock.instant();
        Instant day = RunGuardrails.dayStart(now);
        Optional<Long> audienceRuns = audienceId.map(id -> {
            audiences.existing(scope, id);
            return runs.runsCounted(scope, id, day);
        });
        return guardrails.quotas(runs.runsCounted(scope, day), audienceRuns, now);
    }
}
