package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.Require;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** Free-form tags on an audience; blank tags are refused, repeats kept once. */
public record Tags(List<String> values) {

    public static final int MAX_LENGTH = 256;
    public static final Tags NONE = new Tags(List.of());

    public Tags {
        Objects.requireNonNull(values, "tags");
        LinkedHashSet<String> kept = new LinkedHashSet<>();
        int index = 0;
        for (String tag : values) {
            // a refusal names the tag's place in the list, as the request has it
            String place = "tags[" + index++ + "]";
            kept.add(Require.plainText(Require.maxLength(Require.notBlank(tag, place), MAX_LENGTH, place), place));
        }
        values = List.copyOf(kept);
    }

    public static Tags parse(Collection<String> raw) {
        // a copy that keeps a null element, so that the constructor names it rather than List.copyOf failing
        return raw == null ? NONE : new Tags(new ArrayList<>(raw));
    }
}
