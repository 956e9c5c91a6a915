package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.DomainException;
import java.util.ArrayList;
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
        // a refusal names the label's place in the list, as the request has it
        List<Label> labels = new ArrayList<>(raw.size());
        for (String value : raw) {
            try {
                labels.add(new Label(value));
            } catch (DomainException refused) {
                throw refused.locatedAt("labels", "labels[" + labels.size() + "]");
            }
        }
        return new Labels(labels);
    }

    public List<String> asStrings() {
        return values.stream().map(Label::value).toList();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
