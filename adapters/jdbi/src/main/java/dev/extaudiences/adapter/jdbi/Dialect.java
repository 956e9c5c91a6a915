package dev.extaudiences.adapter.jdbi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The few statements that differ between the databases; everything else is one portable SQL. */
enum Dialect {
    H2("ANALYZE TABLE staged_members SAMPLE_SIZE 10000"),
    POSTGRESQL("ANALYZE staged_members");

    /**
     * Refreshes the planner's statistics of the staging table before a merge joins it: freshly bulk-loaded, it would
     * otherwise look empty, and a join planned for an empty table runs for ever on a million rows.
     */
    final String analyzeStaging;

    Dialect(String analyzeStaging) {
        this.analyzeStaging = analyzeStaging;
    }

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
