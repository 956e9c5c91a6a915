package dev.extaudiences.core.run;

import dev.extaudiences.core.error.DomainException;
import java.util.List;
import java.util.Objects;

/** A page of an audience's runs: which ones ({@code property} filters), in which order, from where, how many. */
public record RunQuery(int limit, long start, RunSort sort, List<RunFilter> filters) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 40;
    public static final RunQuery DEFAULT = new RunQuery(DEFAULT_LIMIT, 0, RunSort.DEFAULT, List.of());

    public RunQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DomainException.invalid("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (start < 0) {
            throw DomainException.invalid("start", "must not be negative, was " + start);
        }
        Objects.requireNonNull(sort, "sort");
        filters = List.copyOf(filters);
    }

    /** Reads the list's query parameters as they come off the wire; absent ones take their defaults. */
    public static RunQuery parse(String limit, String start, String sortBy, List<String> properties) {
        return new RunQuery(limit == null ? DEFAULT_LIMIT : (int) number(limit, "limit", Integer.MAX_VALUE),
                start == null ? 0 : number(start, "start", Long.MAX_VALUE), RunSort.parse(sortBy),
                properties == null ? List.of() : properties.stream().map(RunFilter::parse).toList());
    }

    private static long number(String raw, String parameter, long max) {
        String trimmed = raw.trim();
        if (!trimmed.matches("-?\\d{1,19}")) {
            throw DomainException.invalid(parameter, "'" + raw + "' is not a whole number");
        }
        try {
            long value = Long.parseLong(trimmed);
            if (value > max) {
                throw DomainException.invalid(parameter, "'" + raw + "' is too large");
            }
            return value;
        } catch (NumberFormatException tooLong) {
            throw DomainException.invalid(parameter, "'" + raw + "' is too large");
        }
    }

    public boolean matches(IngestionRun run) {
        return filters.stream().allMatch(filter -> filter.test(run));
    }
}
