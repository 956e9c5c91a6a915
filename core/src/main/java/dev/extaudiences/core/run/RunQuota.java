package dev.extaudiences.core.run;

/** One daily guardrail as it stands: runs counted against it today, its limit, and what is left of it. */
public record RunQuota(long used, long limit) {

    public RunQuota {
        if (used < 0 || limit < 1) {
            throw new IllegalArgumentException("a quota counts from 0 against a limit of at least 1");
        }
    }

    /** Never below zero: a limit lowered by a restart leaves today's runs counted as they were. */
    public long left() {
        return Math.max(0, limit - used);
    }
}
