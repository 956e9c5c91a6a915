package dev.extaudiences.adapter.jdbi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/** The few statements that differ between the databases; everything else is one portable SQL. */
enum Dialect {
    H2("ANALYZE TABLE staged_members SAMPLE_SIZE 10000", Optional.empty()),
    // staging rows live only until their run's merge: they need no write-ahead log (a crash fails the run anyway)
    POSTGRESQL("ANALYZE staged_members", Optional.of("ALTER TABLE staged_members SET UNLOGGED"));

    /**
     * Refreshes the planner's statistics of the staging table before a merge joins it: freshly bulk-loaded, it would
     * otherwise look empty, and a join planned for an empty table runs for ever on a million rows.
     */
    final String analyzeStaging;

    /** Run once when a node opens the database; idempotent. */
    final Optional<String> tuneStaging;

    Dialect(String analyzeStaging, Optional<String> tuneStaging) {
        this.analyzeStaging = analyzeStaging;
        this.tuneStaging = tuneStaging;
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
