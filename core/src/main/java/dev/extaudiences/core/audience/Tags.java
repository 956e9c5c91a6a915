package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.Require;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/** Free-form tags on an audience; blank tags are refused, repeats kept once. */
public record Tags(List<String> values) {

    public static final Tags NONE = new Tags(List.of());

    public Tags {
        values = List.copyOf(new LinkedHashSet<>(values.stream()
                .map(tag -> Require.maxLength(Require.notBlank(tag, "tags"), 256, "tags"))
                .toList()));
    }

    public static Tags parse(Collection<String> raw) {
        return raw == null ? NONE : new Tags(List.copyOf(raw));
    }
}
