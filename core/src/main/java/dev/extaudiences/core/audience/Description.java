package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.Require;

/** Free text describing an audience. */
public record Description(String value) {

    public static final int MAX_LENGTH = 4096;

    public Description {
        Require.text(Require.maxLength(Require.present(value, "description"), MAX_LENGTH, "description"),
                "description");
    }

    @Override
    public String toString() {
        return value;
    }
}
