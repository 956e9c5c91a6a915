package dev.extaudiences.core.source;

import dev.extaudiences.core.error.Require;

/** The id of a configured connection to a storage ({@code baseConnectionId} on the wire). */
public record ConnectionId(String value) {

    public ConnectionId {
        Require.maxLength(Require.noWhitespace(Require.notBlank(value, "sourceSpec.baseConnectionId"),
                "sourceSpec.baseConnectionId"), 256, "sourceSpec.baseConnectionId");
    }

    @Override
    public String toString() {
        return value;
    }
}
