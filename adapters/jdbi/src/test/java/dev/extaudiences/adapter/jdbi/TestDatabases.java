package dev.extaudiences.adapter.jdbi;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * The databases the contracts run against, one of each per test JVM: an in-memory H2, and a real PostgreSQL, either
 * the one {@code EXTAUDIENCES_TEST_PG_URL} names (with {@code EXTAUDIENCES_TEST_PG_USER} and
 * {@code EXTAUDIENCES_TEST_PG_PASSWORD}) or an embedded one started from the PostgreSQL binaries Maven delivered.
 */
final class TestDatabases {

    private static JdbiDatabase h2;
    private static JdbiDatabase postgres;
    private static EmbeddedPostgres embedded;

    private TestDatabases() {
    }

    static synchronized JdbiDatabase h2() {
        if (h2 == null) {
            h2 = JdbiDatabase.open(newH2Url(), "sa", "", 8);
        }
        return h2;
    }

    static String newH2Url() {
        return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    static synchronized JdbiDatabase postgres() {
        if (postgres == null) {
            postgres = JdbiDatabase.open(postgresUrl(), postgresUser(), postgresPassword(), 8);
        }
        return postgres;
    }

    static synchronized String postgresUrl() {
        String external = System.getenv("EXTAUDIENCES_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException cannotStart) {
                throw new UncheckedIOException("the embedded PostgreSQL did not start", cannotStart);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the data directory is temporary
                }
            }));
        }
        return embedded.getJdbcUrl("postgres", "postgres");
    }

    static String postgresUser() {
        return System.getenv().getOrDefault("EXTAUDIENCES_TEST_PG_USER", "postgres");
    }

    static String postgresPassword() {
        return System.getenv().getOrDefault("EXTAUDIENCES_TEST_PG_PASSWORD", "postgres");
    }
}
