package dev.extaudiences.app.http;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health tells whether the database answers, and whether any node executes runs. */
class HealthTest {

    @Test
    void aNodeWithWorkersIsSeen(@TempDir Path data) {
        try (TestServer server = new TestServer(data)) {
            JsonNode health = awaitWorkers(server, "UP");
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.get("checks").get("database").asText()).isEqualTo("UP");
            assertThat(health.has("detail")).isFalse();
        }
    }

    @Test
    @org.junit.jupiter.api.DisplayName("with no run workers anywhere the node is still UP (it serves the API), and /health says runs wait")
    void noWorkerAnywhereIsSaid(@TempDir Path data) {
        try (TestServer server = new TestServer(data, Map.of("EXTAUDIENCES_RUN_WORKERS", "0"))) {
            TestServer.Reply reply = server.get("/health");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("checks").get("workers").asText()).isEqualTo("NONE_SEEN");
            assertThat(reply.json().get("detail").asText()).contains("no worker has been seen", "EXTAUDIENCES_RUN_WORKERS");
        }
    }

    private static JsonNode awaitWorkers(TestServer server, String expected) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(
                () -> server.get("/health").json(),
                health -> expected.equals(health.path("checks").path("workers").asText()));
    }
}
