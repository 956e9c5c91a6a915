package dev.extaudiences.core.audience;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** An ordered set of labels; a label listed twice is kept once, in its first position. */
public record Labels(List<Label> values) {

    public static final Labels NONE = new Labels(List.of());

    public Labels {
        Objects.requireNonNull(values, "labels");
        values = List.copyOf(new LinkedHashSet<>(values));
    }

    public static Labels of(String... values) {
        return parse(List.of(values));
    }

    public static Labels parse(Collection<String> raw) {
        if (raw == null) {
            return NONE;
        }
        return new Labels(raw.stream().map(Label::new).toList());
    }

    public List<String> asStrings() {
        return values.stream().map(Label::value).toList();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
