package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    private static final List<String> TABLES = List.of("audiences", "audience_operations", "ingestion_runs", "members",
            "staging_tables", "member_generations", "run_days_by_sandbox", "run_days_by_audience", "run_workers",
            "idempotency_keys", "webhook_subscriptions", "webhook_deliveries", "webhook_attempts");

    @Test
    void anEmptyH2FileDatabaseIsMigratedAndReopensCleanly(@TempDir Path dataDirectory) {
        try (JdbiDatabase database = JdbiDatabase.h2(dataDirectory, 2)) {
            assertThat(database.isReady()).isTrue();
            assertThat(tables(database)).containsAll(TABLES);
            assertDroppedObjectsAreGone(database);
        }
        assertThat(Files.exists(dataDirectory.resolve("extaudiences.mv.db"))).isTrue();
        try (JdbiDatabase reopened = JdbiDatabase.h2(dataDirectory, 2)) {
            assertThat(appliedVersions(reopened)).containsExactly("1", "2", "4", "5", "6");
        }
    }

    @Test
    void aFreshPostgresDatabaseIsMigrated() {
        String database = "fresh_" + Long.toHexString(System.nanoTime());
        TestDatabases.postgres().jdbi().useHandle(handle -> handle.execute("CREATE DATABASE " + database));
        String url = TestDatabases.postgresUrl().replaceFirst("/postgres(\\?|$)", "/" + database + "$1");
        try (JdbiDatabase fresh = JdbiDatabase.open(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword(),
                2)) {
            assertThat(tables(fresh)).containsAll(TABLES);
            assertDroppedObjectsAreGone(fresh);
            assertThat(appliedVersions(fresh)).containsExactly("1", "2", "4", "5", "6");
        }
    }

    @Test
    void aNodeRefusesToStartOnASchemaWhoseAppliedMigrationWasTamperedWith() {
        String url = TestDatabases.newH2Url();
        try (JdbiDatabase database = JdbiDatabase.open(url, "sa", "", 2)) {
            database.jdbi().useHandle(handle -> handle.execute(
                    "UPDATE \"flyway_schema_history\" SET \"checksum\" = 42 WHERE \"version\" = '1'"));
            assertThatThrownBy(() -> JdbiDatabase.open(url, "sa", "", 2)).isInstanceOf(FlywayValidateException.class);
        }
    }

    /**
     * What the migrations squashed into the baseline had dropped stays dropped: the shared staging table (each run
     * stages into a table of its own), every foreign key (deleting an audience is the service's job), and the
     * audiences' ttl_days column, which nothing read (the TTL lives in the audience's body).
     */
    private static void assertDroppedObjectsAreGone(JdbiDatabase database) {
        assertThat(tables(database)).doesNotContain("staged_members");
        List<String> audienceColumns = database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT LOWER(column_name) FROM information_schema.columns WHERE LOWER(table_name) = 'audiences'")
                .mapTo(String.class).list());
        assertThat(audienceColumns).isNotEmpty().doesNotContain("ttl_days");
        long foreignKeys = database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM information_schema.table_constraints WHERE constraint_type = 'FOREIGN KEY'")
                .mapTo(Long.class).one());
        assertThat(foreignKeys).isZero();
    }

    private static List<String> tables(JdbiDatabase database) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT LOWER(table_name) FROM information_schema.tables")
                .mapTo(String.class).list());
    }

    private static List<String> appliedVersions(JdbiDatabase database) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")
                .mapTo(String.class).list());
    }
}
