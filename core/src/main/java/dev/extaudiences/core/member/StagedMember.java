package dev.extaudiences.core.member;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A member a run has read and validated but not yet merged into the audience. */
public record StagedMember(Identity identity, Map<String, String> attributes) {

    public StagedMember {
        Objects.requireNonNull(identity, "identity");
        attributes = Map.copyOf(new TreeMap<>(attributes));
    }
}
