package dev.extaudiences.core.member;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A member a run has read and validated but not yet merged into the audience. Its attributes are an unmodifiable
 * {@link SortedMap}, by name, so that a store writing them in order (a map per row, a million rows a run) need not sort
 * them again.
 */
public record StagedMember(Identity identity, Map<String, String> attributes) {

    public StagedMember {
        Objects.requireNonNull(identity, "identity");
        TreeMap<String, String> sorted = new TreeMap<>(attributes);
        if (sorted.containsValue(null)) {
            throw new NullPointerException("attribute value");
        }
        attributes = Collections.unmodifiableSortedMap(sorted);
    }
}
