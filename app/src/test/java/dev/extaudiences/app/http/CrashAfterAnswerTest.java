package dev.extaudiences.app.http;

import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server has acknowledged survives a kill -9 that comes right after the answer, on the embedded database:
 * an audience whose operation read SUCCESS, and a PATCH answered 200. (H2 used to hold commits for half a second,
 * and lost them all in 5 kills out of 5.)
 */
class CrashAfterAnswerTest {

    @Test
    void acknowledgedWritesSurviveAKill(@TempDir Path temp) throws Exception {
        Path data = temp.resolve("data");
        String audience;
        String operation;
        try (ChildServer server = ChildServer.start(data, Map.of("EXTAUDIENCES_RUN_WORKERS", "0"))) {
            operation = server.json("POST", BASE + "/external-audience/", ApiEndToEndTest.minimal("Acknowledged"))
                    .get("operationId").asText();
            audience = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> server.json("GET", BASE + "/external-audiences/operations/" + operation, null),
                            answer -> answer.get("status").asText().equals("SUCCESS"))
                    .get("audienceId").asText();
            TestServer.Reply patched = server.call("PATCH", BASE + "/external-audience/" + audience,
                    "{\"description\": \"patched\", \"ttlInDays\": 45}");
            assertThat(patched.status()).isEqualTo(200);
            server.kill();
        }
        try (ChildServer restarted = ChildServer.start(data, Map.of("EXTAUDIENCES_RUN_WORKERS", "0"))) {
            JsonNode read = restarted.json("GET", BASE + "/external-audience/" + audience, null);
            assertThat(read.get("description").asText()).as(read.toString()).isEqualTo("patched");
            assertThat(read.get("ttlInDays").asInt()).isEqualTo(45);
            assertThat(restarted.json("GET", BASE + "/external-audiences/operations/" + operation, null)
                    .get("status").asText()).isEqualTo("SUCCESS");
        }
    }
}
