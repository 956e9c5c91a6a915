package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.TenantScope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * One staging table per run, named from the run (never from user text), registered so that nothing is left behind.
 * Appending to a table with no secondary index is as cheap as the database allows, and dropping it is instant. Its
 * shape is written down beside the migrations, in {@code db/staging_table.sql}.
 */
final class StagingTables {

    private static final String SHAPE = "/db/staging_table.sql";
    private static final String CREATE = createStatement();

    private StagingTables() {
    }

    private static String createStatement() {
        try (InputStream in = StagingTables.class.getResourceAsStream(SHAPE)) {
            if (in == null) {
                throw new IllegalStateException(SHAPE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("--"))
                    .collect(Collectors.joining("\n")).strip();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** A safe identifier derived from the run's scope and id. */
    static String nameOf(TenantScope scope, RunId run) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((scope.orgId() + "\u0000" + scope.sandboxName()
                    + "\u0000" + run.value()).getBytes(StandardCharsets.UTF_8));
            return "staging_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    static boolean exists(Handle handle, String table) {
        return handle.createQuery("SELECT COUNT(*) FROM staging_tables WHERE table_name = :table")
                .bind("table", table).mapTo(Long.class).one() > 0;
    }

    /**
     * Creates and registers the run's staging table unless it exists already, of the kind and with the row order
     * {@code strategy} gives ({@link MergeStrategy#stagingTableKind}, {@link MergeStrategy#stagingRowOrder}).
     */
    static String ensure(Handle handle, MergeStrategy strategy, TenantScope scope, AudienceId audience, RunId run) {
        String table = nameOf(scope, run);
        if (!exists(handle, table)) {
            handle.createUpdate(CREATE).define("kind", strategy.stagingTableKind())
                    .define("rowOrder", strategy.stagingRowOrder()).define("staging", table).execute();
            handle.createUpdate("INSERT INTO staging_tables (table_name, org_id, sandbox_name, audience_id, run_id)"
                            + " VALUES (:table, :org, :sandbox, :audience, :run)")
                    .bind("table", table).bind("org", scope.orgId()).bind("sandbox", scope.sandboxName())
                    .bind("audience", audience.value()).bind("run", run.value()).execute();
        }
        return table;
    }

    /** Adds to the count of the table's rows staged in another spelling than their identity's (V6). */
    static void countRespelled(Handle handle, String table, long rows) {
        handle.createUpdate("UPDATE staging_tables SET respelled_rows = respelled_rows + :rows"
                + " WHERE table_name = :table").bind("rows", rows).bind("table", table).execute();
    }

    /** How many of the table's rows were staged in another spelling than their identity's; 0 for no table. */
    static long respelledRows(Handle handle, String table) {
        return registered(handle, table).orElse(0);
    }

    /**
     * Whether the table is registered (the run staged something) and, if so, how many of its rows were respelled:
     * what a merge needs to know of its staging, in one read of the registry.
     */
    static OptionalLong registered(Handle handle, String table) {
        return handle.createQuery("SELECT respelled_rows FROM staging_tables WHERE table_name = :table")
                .bind("table", table).mapTo(Long.class).findOne()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    static void drop(Handle handle, String table) {
        if (exists(handle, table)) {
            handle.execute("DROP TABLE IF EXISTS " + table);
            handle.createUpdate("DELETE FROM staging_tables WHERE table_name = :table").bind("table", table).execute();
        }
    }

    static void dropAllOf(Handle handle, TenantScope scope, AudienceId audience) {
        List<String> tables = handle.createQuery("SELECT table_name FROM staging_tables WHERE org_id = :org"
                        + " AND sandbox_name = :sandbox AND audience_id = :audience")
                .bind("org", scope.orgId()).bind("sandbox", scope.sandboxName()).bind("audience", audience.value())
                .mapTo(String.class).list();
        tables.forEach(table -> drop(handle, table));
    }
}
