package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Require;
import java.util.regex.Pattern;

/** A data usage label such as {@code core/C1} or {@code custom/deep}: a group and a name. */
public record Label(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    public Label {
        Require.notBlank(value, "labels");
        if (value.length() > 128 || !SHAPE.matcher(value).matches()) {
            throw DomainException.invalid("labels", "'" + value + "' is not a label of the form group/name (such as core/C1)");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
