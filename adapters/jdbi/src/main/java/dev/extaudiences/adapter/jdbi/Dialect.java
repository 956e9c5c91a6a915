package dev.extaudiences.adapter.jdbi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The few statements that differ between the databases; everything else is one portable SQL. */
enum Dialect {
    H2("ANALYZE TABLE %s SAMPLE_SIZE 10000", ""),
    // staging rows live only until their run's merge: they need no write-ahead log (a crash fails the run anyway)
    POSTGRESQL("ANALYZE %s", "UNLOGGED");

    /**
     * Refreshes the planner's statistics of a staging table (format with its name) before a merge joins it: freshly
     * bulk-loaded, it would otherwise look empty, and a join planned for an empty table runs for ever on a million rows.
     */
    final String analyzeStaging;

    /** The kind of table a run stages into ({@code CREATE <kind> TABLE}). */
    final String stagingTableKind;

    Dialect(String analyzeStaging, String stagingTableKind) {
        this.analyzeStaging = analyzeStaging;
        this.stagingTableKind = stagingTableKind;
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
