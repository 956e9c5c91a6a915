package dev.extaudiences.core.source;

import java.util.Objects;

/** A storage this server has been configured to read from, named by its id, of one cloud type. */
public record Connection(ConnectionId id, CloudType cloudType) {

    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cloudType, "cloudType");
    }
}
