package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.error.DomainException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/**
 * Turns what the database says into what the domain understands. Constraint violations that carry business meaning
 * are recognised by SQL state and constraint name (both H2 and PostgreSQL name the constraint in the message); any
 * other database failure is a dependency failure, never a stack trace.
 */
final class SqlErrors {

    static final String UNIQUE_VIOLATION = "23505";
    static final String FOREIGN_KEY_VIOLATION = "23503";

    private SqlErrors() {
    }

    static boolean violates(RuntimeException failure, String sqlState, String constraint) {
        return sqlException(failure)
                .filter(sql -> sqlState.equals(sql.getSQLState()))
                .map(sql -> String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT)
                        .contains(constraint.toLowerCase(Locale.ROOT)))
                .orElse(false);
    }

    /** Runs a database call, turning an unexpected failure of the database into a dependency failure. */
    static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (JdbiException failure) {
            throw unexpected(failure);
        }
    }

    /** A database failure with no business meaning: the domain sees a failed dependency. */
    static DomainException unexpected(JdbiException failure) {
        return DomainException.dependencyFailed("database", describe(failure));
    }

    static void guarded(Runnable call) {
        guarded(() -> {
            call.run();
            return null;
        });
    }

    /** As {@link #unexpected(JdbiException)}, for a failure of a plain JDBC statement. */
    static DomainException unexpected(SQLException failure) {
        return DomainException.dependencyFailed("database", describe(failure));
    }

    private static String describe(Throwable failure) {
        return sqlException(failure)
                .map(sql -> "the database refused or failed a statement (SQL state " + sql.getSQLState() + ")")
                .orElse("the database could not be reached");
    }

    private static Optional<SQLException> sqlException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }
}
