package dev.extaudiences.core.service;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Refusal;
import dev.extaudiences.core.error.ResourceKind;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.port.in.GetRunUseCase;
import dev.extaudiences.core.port.in.ListRunsUseCase;
import dev.extaudiences.core.port.in.StartRunUseCase;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.Ids;
import dev.extaudiences.core.port.out.SourceFiles;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.source.SourceCheck;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** Starts runs within the rules (one in progress per audience, daily guardrails) and reads them back. */
public final class RunService implements StartRunUseCase, GetRunUseCase, ListRunsUseCase {

    private final Audiences audiences;
    private final IngestionRuns runs;
    private final RunGuardrails guardrails;
    private final Ids ids;
    private final Clock clock;
    private final SourceFiles files;
    private final Runnable onStarted;

    /**
     * @param files     asked, before a run is accepted, whether its source can be read at all
     * @param onStarted told after each accepted start, so that a worker picks the run up at once
     */
    public RunService(Audiences audiences, IngestionRuns runs, RunGuardrails guardrails, Ids ids,
                      Clock clock, SourceFiles files, Runnable onStarted) {
        this.audiences = Objects.requireNonNull(audiences);
        this.runs = Objects.requireNonNull(runs);
        this.guardrails = Objects.requireNonNull(guardrails);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
        this.files = Objects.requireNonNull(files);
        this.onStarted = Objects.requireNonNull(onStarted);
    }

    @Override
    public IngestionRun start(Caller caller, AudienceId audienceId, RunRequest request) {
        Objects.requireNonNull(request, "request");
        TenantScope scope = caller.scope();
        Audience audience = audiences.existing(scope, audienceId);
        SourceCheck source = files.check(scope, audience.sourceSpec());
        if (source instanceof SourceCheck.Escapes escapes) {
            throw DomainException.invalid("sourceSpec.path", escapes.reason());
        }
        if (source instanceof SourceCheck.Unavailable unavailable) {
            throw DomainException.unprocessable(Refusal.SOURCE_NOT_AVAILABLE, unavailable.reason());
        }
        runs.inProgress(scope, audienceId).ifPresent(running -> {
            throw DomainException.unprocessable(Refusal.RUN_IN_PROGRESS,
                    "run " + running.id() + " of this audience is still in progress");
        });
        Instant now = clock.instant();
        IngestionRun run = IngestionRun.start(ids.runId(), audience, request, new Stamp(caller.user(), now),
                ids.next(), ids.next());
        // The store decides the daily guardrails and re-checks "one in progress" atomically with the add: of
        // concurrent starts, only as many as the limits allow are accepted, whichever node they come to.
        runs.add(run, guardrails);
        onStarted.run();
        return run;
    }

    @Override
    /**
     * Clients poll this: the run is read first, in one call, and the audience only when there is no run, to say
     * which of the two is missing (the runs store answers no run of an audience that is gone).
     */
    public IngestionRun run(TenantScope scope, AudienceId audienceId, RunId runId) {
        return runs.find(scope, audienceId, runId).orElseThrow(() -> {
            audiences.existing(scope, audienceId);
            return DomainException.notFound(ResourceKind.RUN, runId.value());
        });
    }

    @Override
    public Page<IngestionRun> runs(TenantScope scope, AudienceId audienceId, RunQuery query) {
        Page<IngestionRun> page = runs.list(scope, audienceId, query);
        if (page.items().isEmpty()) {
            audiences.existing(scope, audienceId);
        }
        return page;
    }
}
