package dev.extaudiences.adapter.jdbi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases the stores run on. Everything but a run's staging and merge is one portable SQL; those are each
 * database's own ({@link MergeStrategy#of}).
 */
enum Dialect {
    H2,
    POSTGRESQL;

    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("unsupported database '" + product + "': use H2 or PostgreSQL");
    }
}
