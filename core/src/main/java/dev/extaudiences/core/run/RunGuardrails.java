package dev.extaudiences.core.run;

import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.Refusal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The system guardrails on starting runs, counted per UTC day: at most {@code perAudiencePerDay} runs of one audience
 * and {@code perSandboxPerDay} runs in one sandbox. The public service's defaults are 10 and 100.
 */
public record RunGuardrails(int perAudiencePerDay, int perSandboxPerDay) {

    public static final RunGuardrails DEFAULTS = new RunGuardrails(10, 100);

    /** No limit a store could reach: runs are still counted. */
    public static final RunGuardrails UNLIMITED = new RunGuardrails(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public RunGuardrails {
        if (perAudiencePerDay < 1 || perSandboxPerDay < 1) {
            throw new IllegalArgumentException("guardrails must allow at least one run a day");
        }
    }

    /** The start of the UTC day that {@code now} falls in: runs created since then count against today's limits. */
    public static Instant dayStart(Instant now) {
        return now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    /** The refusal, if a run started now would pass a limit, given the runs already started today. */
    public Optional<DomainError.Unprocessable> check(long audienceRunsToday, long sandboxRunsToday) {
        if (audienceRunsToday >= perAudiencePerDay) {
            return Optional.of(new DomainError.Unprocessable(Refusal.AUDIENCE_RUN_GUARDRAIL,
                    "the audience has reached its limit of " + perAudiencePerDay + " ingestion runs per day"));
        }
        if (sandboxRunsToday >= perSandboxPerDay) {
            return Optional.of(new DomainError.Unprocessable(Refusal.SANDBOX_RUN_GUARDRAIL,
                    "the sandbox has reached its limit of " + perSandboxPerDay + " ingestion runs per day"));
        }
        return Optional.empty();
    }
}
