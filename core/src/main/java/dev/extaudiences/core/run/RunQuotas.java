package dev.extaudiences.core.run;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The daily guardrails of a sandbox, and of one audience when asked, as they stand now, and when the day they count
 * resets (the next UTC midnight).
 */
public record RunQuotas(RunQuota sandbox, Optional<RunQuota> audience, Instant resetsAt) {

    public RunQuotas {
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(resetsAt, "resetsAt");
    }
}
