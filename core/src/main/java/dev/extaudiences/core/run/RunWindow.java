package dev.extaudiences.core.run;

import dev.extaudiences.core.error.DomainException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The modification-time window that selects a run's files: [start, end). Without an end, the window closes when the
 * run is created.
 */
public record RunWindow(Instant start, Optional<Instant> end) {

    public RunWindow {
        Objects.requireNonNull(start, "dataFilterStartTime");
        Objects.requireNonNull(end, "dataFilterEndTime");
        if (end.isPresent() && !end.get().isAfter(start)) {
            throw DomainException.invalid("dataFilterEndTime", "must be after dataFilterStartTime");
        }
    }

    /** Builds a window from the contract's epoch seconds; the start is required. */
    public static RunWindow ofEpochSeconds(Long start, Long end) {
        if (start == null) {
            throw DomainException.invalid("dataFilterStartTime", "is required");
        }
        return new RunWindow(epochSeconds(start, "dataFilterStartTime"),
                Optional.ofNullable(end).map(value -> epochSeconds(value, "dataFilterEndTime")));
    }

    private static Instant epochSeconds(long value, String field) {
        if (value < 0 || value > Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()) {
            throw DomainException.invalid(field, "must be epoch seconds between 0 and year 9999, was " + value);
        }
        return Instant.ofEpochSecond(value);
    }

    /** The instant the window really ends at for a run created at {@code runCreatedAt}. */
    public Instant effectiveEnd(Instant runCreatedAt) {
        return end.orElse(runCreatedAt);
    }

    public boolean selects(Instant modifiedAt, Instant runCreatedAt) {
        return !modifiedAt.isBefore(start) && modifiedAt.isBefore(effectiveEnd(runCreatedAt));
    }
}
