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

    /** The query a caller asks for: an absent limit or start takes its default, a given one is judged here. */
    public static RunQuery of(Long limit, Long start, RunSort sort, List<RunFilter> filters) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw DomainException.invalid("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return new RunQuery(limit == null ? DEFAULT_LIMIT : limit.intValue(), start == null ? 0 : start,
                sort == null ? RunSort.DEFAULT : sort, filters == null ? List.of() : filters);
    }

    public boolean matches(IngestionRun run) {
        return filters.stream().allMatch(filter -> filter.test(run));
    }
}
