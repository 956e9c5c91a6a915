package dev.extaudiences.app.http;

import static org.awaitility.Awaitility.await;
import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;

/** Steps several HTTP tests share. */
final class ApiEndToEndTestSupport {

    private ApiEndToEndTestSupport() {
    }

    /** Creates an audience and waits for its operation to end; answers the ended operation. */
    static JsonNode createAndAwait(TestServer server, String sandbox, String body) {
        TestServer.Reply accepted = server.call("POST", BASE + "/external-audience/", body, TestServer.headers(sandbox));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return awaitOperation(server, sandbox, accepted.json().get("operationId").asText());
    }

    static JsonNode awaitOperation(TestServer server, String sandbox, String operationId) {
        return awaitOperation(server, TestServer.headers(sandbox), operationId);
    }

    static JsonNode awaitOperation(TestServer server, Map<String, String> headers, String operationId) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(
                () -> server.call("GET", BASE + "/external-audiences/operations/" + operationId, null, headers).json(),
                operation -> !operation.get("status").asText().equals("PROCESSING"));
    }
}
