package dev.extaudiences.core.paging;

import dev.extaudiences.core.error.DomainException;

/** Which slice of a list to return: skip {@code start} items, return at most {@code limit}. */
public record PageRequest(long start, int limit) {

    public static final int MAX_LIMIT = 1000;
    /** A list a caller pages through (audiences, members) gives at most this many at a time, this many unless told. */
    public static final int MAX_LISTED = 100;
    public static final int DEFAULT_LISTED = 20;

    public PageRequest {
        if (start < 0) {
            throw DomainException.invalid("start", "must not be negative, was " + start);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DomainException.invalid("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** The page a caller asks for: an absent start or limit takes its default, a given one is judged here. */
    public static PageRequest listed(Long start, Long limit) {
        if (limit != null && (limit < 1 || limit > MAX_LISTED)) {
            throw DomainException.invalid("limit", "must be between 1 and " + MAX_LISTED + ", was " + limit);
        }
        return new PageRequest(start == null ? 0 : start, limit == null ? DEFAULT_LISTED : limit.intValue());
    }

    public static PageRequest first(int limit) {
        return new PageRequest(0, limit);
    }
}
