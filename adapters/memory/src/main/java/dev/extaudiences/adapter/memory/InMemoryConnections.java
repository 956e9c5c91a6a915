package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.port.out.Connections;
import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A fixed set of connections, as read from configuration. */
public final class InMemoryConnections implements Connections {

    private final Map<ConnectionId, Connection> connections;

    public InMemoryConnections(List<Connection> connections) {
        this.connections = connections.stream().collect(Collectors.toUnmodifiableMap(Connection::id, Function.identity()));
    }

    @Override
    public Optional<Connection> find(ConnectionId id) {
        return Optional.ofNullable(connections.get(id));
    }
}
