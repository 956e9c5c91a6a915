package dev.extaudiences.adapter.jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * The reads clients poll (an audience, an operation, a run, a page of runs) and the write a run makes at every batch
 * (its progress), as plain JDBC on the pool's bounded connections. A flight recording of {@code GET .../runs/{runId}}
 * on H2 put about half of the server's samples in JDBI's per-call machinery (attaching a SqlObject, warming its
 * handlers, specialising a constructor mapper) and under 5% in the database: these few statements are fixed strings
 * with positional parameters, so nothing of that is needed. Each is one statement in auto-commit: one snapshot (or
 * one atomic change), one round trip.
 */
final class DirectStatements {

    /** Reads one row; the row's columns by position, in the statement's order. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final ConnectionFactory connections;

    DirectStatements(ConnectionFactory connections) {
        this.connections = connections;
    }

    <T> Optional<T> one(String sql, RowReader<T> reader, Object... parameters) {
        List<T> rows = list(sql, reader, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Work on one connection. */
    @FunctionalInterface
    interface ConnectionWork<T> {
        T on(Connection connection) throws SQLException;
    }

    /** Does {@code work} on one of the pool's connections, in auto-commit. */
    <T> T with(ConnectionWork<T> work) {
        try (Connection connection = connections.openConnection()) {
            return work.on(connection);
        } catch (SQLException failure) {
            throw SqlErrors.unexpected(failure);
        }
    }

    /** Binds {@code parameters} by position; a null is bound as a NULL text. */
    static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else {
                statement.setObject(i + 1, parameters[i]);
            }
        }
    }

    <T> List<T> list(String sql, RowReader<T> reader, Object... parameters) {
        return with(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, parameters);
                try (ResultSet rows = statement.executeQuery()) {
                    List<T> read = new ArrayList<>();
                    while (rows.next()) {
                        read.add(reader.read(rows));
                    }
                    return read;
                }
            }
        });
    }
}
