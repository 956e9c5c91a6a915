package dev.extaudiences.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.extaudiences.testkit.http.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection configured for some orgs is, to every other org of the same server, a connection that is not there:
 * an org that guesses another team's connection id reads nothing of its bucket, and learns nothing of it.
 */
class ConnectionReachTest {

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() throws java.io.IOException {
        Files.createDirectories(data.resolve("team-bucket"));
        Files.createDirectories(data.resolve("shared-bucket"));
        server = new TestServer(data, Map.of("EXTAUDIENCES_CONNECTIONS",
                "team=S3:" + data.resolve("team-bucket") + "?orgs=" + TestServer.OTHER_ORG
                        + ",shared=S3:" + data.resolve("shared-bucket")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode create(String connection) {
        String body = """
                {"name": "Reach %s", "fields": [{"name": "email", "type": "string", "identityNs": "email"}],
                 "sourceSpec": {"path": "members.csv", "type": "file", "cloudType": "S3",
                  "baseConnectionId": "%s"}, "ttlInDays": 10, "originName": "CUSTOM_UPLOAD"}"""
                .formatted(connection, connection);
        ApiClient api = server.api("prod");
        ApiClient.Reply accepted = api.call("POST", "/external-audience/", body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return api.awaitOperation(accepted.json().get("operationId").asText());
    }

    @Test
    void anOrgOutsideAConnectionsOrgsCannotNameItAndIsToldNothingMoreThanOfAnUnknownOne() {
        JsonNode closed = create("team");
        JsonNode unknown = create("nowhere");

        assertThat(closed.get("status").asText()).as(closed.toString()).isEqualTo("FAILED");
        assertThat(closed.toString()).contains("'team' names no configured connection");
        assertThat(unknown.toString()).contains("'nowhere' names no configured connection");
    }

    @Test
    void aConnectionWithoutOrgsIsOpenToEveryOrg() {
        JsonNode open = create("shared");

        assertThat(open.get("status").asText()).as(open.toString()).isEqualTo("SUCCESS");
    }
}
