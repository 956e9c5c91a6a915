package dev.extaudiences.core.paging;

import java.util.List;

/** One slice of a longer list, with the size of the whole list it was cut from. */
public record Page<T>(List<T> items, int limit, long totalCount) {

    public Page {
        items = List.copyOf(items);
        if (totalCount < items.size()) {
            throw new IllegalArgumentException("a page cannot hold more items than the whole list");
        }
    }

    /** Cuts the page that {@code request} asks for out of a whole, already ordered list. */
    public static <T> Page<T> slice(List<T> all, long start, int limit) {
        int from = (int) Math.min(start, all.size());
        int to = (int) Math.min((long) from + limit, all.size());
        return new Page<>(all.subList(from, to), limit, all.size());
    }

    public int count() {
        return items.size();
    }
}
