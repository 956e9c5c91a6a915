package dev.extaudiences.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What a team's own thin client of the API looks like in these tests: the JDK's HTTP client, its base URL, headers. */
final class TeamClient {

    static final String GOLD_AUDIENCE = """
            {"name": "Loyalty tier gold",
             "fields": [{"name": "email", "type": "string", "identityNs": "email"}, {"name": "tier", "type": "string"}],
             "sourceSpec": {"path": "crm/gold/members.csv", "type": "file"}, "ttlInDays": 30,
             "originName": "CUSTOM_UPLOAD"}""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final StandIn standIn;

    TeamClient(StandIn standIn) {
        this.standIn = standIn;
    }

    Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** Creates the gold audience and waits for it: its id. */
    String createGoldAudience() {
        Reply accepted = post("/external-audience/", GOLD_AUDIENCE);
        if (accepted.status() != 202) {
            throw new AssertionError("create answered " + accepted);
        }
        return standIn.awaitOperation(accepted.json().path("operationId").asText());
    }

    /** Starts a run over every file modified before now: its id. */
    String startRun(String audienceId) {
        Reply run = post("/external-audience/" + audienceId + "/runs", "{\"dataFilterStartTime\": 0}");
        if (run.status() != 200) {
            throw new AssertionError("run answered " + run);
        }
        return run.json().path("runId").asText();
    }

    private URI uri(String path) {
        return URI.create(standIn.baseUrl() + path);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.headers(standIn.headerArray())
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException failed) {
            throw new java.io.UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException notJson) {
                throw new AssertionError("not JSON: " + body, notJson);
            }
        }
    }
}
