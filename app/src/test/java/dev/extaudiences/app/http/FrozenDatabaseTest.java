package dev.extaudiences.app.http;

import static org.awaitility.Awaitility.await;
import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A frozen database (paused, not stopped) never hangs a caller: every database call has a bounded wait, so a
 * request is a 502 and {@code /health} a 503 while it stays frozen, and the server answers again by itself once it
 * thaws. Without the bounds, these requests would wait for as long as the database stays frozen (here: for ever),
 * and the test client's own timeout would fail the test.
 */
class FrozenDatabaseTest {

    @Test
    void aFrozenDatabaseIs502AndHealthDownAndRecovers(@TempDir Path data) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             FreezingProxy proxy = new FreezingProxy(postgres.getPort());
             TestServer server = new TestServer(data, Map.of(
                     "EXTAUDIENCES_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres",
                     "EXTAUDIENCES_DATABASE_USER", "postgres", "EXTAUDIENCES_DATABASE_PASSWORD", "postgres",
                     "EXTAUDIENCES_DATABASE_TIMEOUT_SECONDS", "2",
                     "EXTAUDIENCES_RUN_WORKERS", "0"))) {
            assertThat(server.call("GET", BASE + "/external-audience", null, TestServer.headers("prod")).status())
                    .isEqualTo(200);

            proxy.freeze();

            ApiEndToEndTest.assertError(server.call("GET", BASE + "/external-audience", null,
                    TestServer.headers("prod")), 502, "100970-502", "database");
            ApiEndToEndTest.assertError(server.call("POST", BASE + "/external-audience/",
                    ApiEndToEndTest.minimal("While frozen"), TestServer.headers("prod")), 502, "100970-502", "database");
            TestServer.Reply health = server.call("GET", "/health", null, Map.of());
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("checks").get("database").asText()).isEqualTo("DOWN");

            proxy.thaw();

            // the connections that timed out are dropped from the pool; new ones reach the thawed database
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(
                    () -> server.call("GET", BASE + "/external-audience", null, TestServer.headers("prod")).status(),
                    status -> status == 200);
            assertThat(server.call("GET", "/health", null, Map.of()).status()).isEqualTo(200);
        }
    }
}
