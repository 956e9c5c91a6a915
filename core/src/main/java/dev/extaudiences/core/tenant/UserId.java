package dev.extaudiences.core.tenant;

import dev.extaudiences.core.error.Require;

/** Who made a change: recorded as {@code createdBy} and {@code updatedBy}. */
public record UserId(String value) {

    public UserId {
        Require.maxLength(Require.notBlank(value, "userId"), 256, "userId");
    }

    @Override
    public String toString() {
        return value;
    }
}
