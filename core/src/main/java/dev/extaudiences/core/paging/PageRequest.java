package dev.extaudiences.core.paging;

import dev.extaudiences.core.error.DomainException;

/** Which slice of a list to return: skip {@code start} items, return at most {@code limit}. */
public record PageRequest(long start, int limit) {

    public static final int MAX_LIMIT = 1000;

    public PageRequest {
        if (start < 0) {
            throw DomainException.invalid("start", "must not be negative, was " + start);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DomainException.invalid("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(0, limit);
    }
}
