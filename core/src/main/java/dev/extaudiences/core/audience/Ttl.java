package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.DomainException;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a member stays in the audience after it was last ingested: 1 to 90 days, 30 by default. The audience's
 * current TTL applies to every member, so changing it moves every member's expiry at once.
 */
public record Ttl(int days) {

    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 90;
    public static final Ttl DEFAULT = new Ttl(30);

    public Ttl {
        if (days < MIN_DAYS || days > MAX_DAYS) {
            throw DomainException.invalid("ttlInDays", "must be between " + MIN_DAYS + " and " + MAX_DAYS + " days, was " + days);
        }
    }

    public static Ttl ofDays(int days) {
        return new Ttl(days);
    }

    public Duration duration() {
        return Duration.ofDays(days);
    }

    /** The instant a member last ingested at {@code lastIngested} stops being part of the audience. */
    public Instant expiryOf(Instant lastIngested) {
        return lastIngested.plus(duration());
    }

    /** Members last ingested at or before this instant have expired by {@code now}. */
    public Instant expiredAtOrBefore(Instant now) {
        return now.minus(duration());
    }

    public boolean isLive(Instant lastIngested, Instant now) {
        return expiryOf(lastIngested).isAfter(now);
    }
}
