package dev.extaudiences.core.run;

import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.Refusal;
import java.time.Duration;
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

    /** When the day {@code now} falls in ends: the next UTC midnight, when the daily counts start again. */
    public static Instant dayEnd(Instant now) {
        return dayStart(now).plus(1, ChronoUnit.DAYS);
    }

    /** The guardrails as they stand, given the runs counted today in the sandbox and, if asked, of one audience. */
    public RunQuotas quotas(long sandboxRunsToday, Optional<Long> audienceRunsToday, Instant now) {
        return new RunQuotas(new RunQuota(sandboxRunsToday, perSandboxPerDay),
                audienceRunsToday.map(used -> new RunQuota(used, perAudiencePerDay)), dayEnd(now));
    }

    /**
     * The refusal, if a run started at {@code now} would pass a limit, given the runs already started today: it names
     * the limit, today's figures and when the day resets, and carries the wait until then.
     */
    public Optional<DomainError.Unprocessable> check(long audienceRunsToday, long sandboxRunsToday, Instant now) {
        if (audienceRunsToday >= perAudiencePerDay) {
            return Optional.of(refusal(Refusal.AUDIENCE_RUN_GUARDRAIL, "the audience", perAudiencePerDay,
                    audienceRunsToday, now));
        }
        if (sandboxRunsToday >= perSandboxPerDay) {
            return Optional.of(refusal(Refusal.SANDBOX_RUN_GUARDRAIL, "the sandbox", perSandboxPerDay,
                    sandboxRunsToday, now));
        }
        return Optional.empty();
    }

    private static DomainError.Unprocessable refusal(Refusal reason, String what, int limit, long used, Instant now) {
        Instant reset = dayEnd(now);
        // whole seconds, rounded up: a client that waits exactly this long finds the new day begun
        long seconds = Math.max(1, (Duration.between(now, reset).toMillis() + 999) / 1000);
        return new DomainError.Unprocessable(reason, what + " has reached its limit of " + limit
                + " ingestion runs per day (used " + used + ", left " + Math.max(0, limit - used)
                + "); the day resets at " + reset + ", in " + seconds + " s", Optional.of(Duration.ofSeconds(seconds)));
    }
}
