package dev.extaudiences.app.http;

import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the database goes away, callers get a 502 with the error shape and /health says DOWN; never a 500 page. */
class DatabaseOutageTest {

    @Test
    void aDatabaseOutageIs502AndHealthDown(@TempDir Path data) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        try (TestServer server = new TestServer(data, Map.of(
                "EXTAUDIENCES_DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres") + "&connectTimeout=2",
                "EXTAUDIENCES_DATABASE_USER", "postgres", "EXTAUDIENCES_DATABASE_PASSWORD", "postgres",
                "EXTAUDIENCES_RUN_WORKERS", "0"))) {
            assertThat(server.call("GET", BASE + "/external-audience", null, TestServer.headers("prod")).status())
                    .isEqualTo(200);

            postgres.close();

            ApiEndToEndTest.assertError(server.call("GET", BASE + "/external-audience", null,
                    TestServer.headers("prod")), 502, "100970-502", "database");
            TestServer.Reply health = server.call("GET", "/health", null, Map.of());
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("checks").get("database").asText()).isEqualTo("DOWN");
        }
    }
}
