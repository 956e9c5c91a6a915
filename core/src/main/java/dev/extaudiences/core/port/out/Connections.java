package dev.extaudiences.core.port.out;

import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import java.util.Optional;

/** The storage connections this server was configured with, named by {@code baseConnectionId}. */
public interface Connections {

    Optional<Connection> find(ConnectionId id);
}
