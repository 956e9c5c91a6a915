package dev.extaudiences.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The External Audiences API's observable contract as numbered rules, run black-box against any implementation: extend
 * this class and return the target, or run it with {@code -Dtestkit.baseUrl=... -Dtestkit.token=...}. Rules tagged
 * {@code required} are the public contract; {@code extension} rules test this project's additions and may be skipped.
 * A failure prints the exchange and a curl command that reproduces it.
 */
public abstract class ApiConformance {

    /** The implementation under test; by default read from system properties or environment variables. */
    protected ApiTarget target() {
        return ApiTarget.fromEnvironment();
    }

    private ApiClient api;

    @BeforeEach
    final void connect() {
        api = new ApiClient(target());
    }

    private static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    static String createBody(String name) {
        return """
                {"name": "%s", "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                 {"name": "tier", "type": "string", "labels": ["core/C2"]}],
                 "sourceSpec": {"params": {"path": "conformance/members.csv", "type": "file"}},
                 "ttlInDays": "40", "labels": ["core/C1"], "audienceType": "people", "originName": "CUSTOM_UPLOAD"}
                """.formatted(name);
    }

    /** Creates an audience and waits until its operation has ended; answers the audience id. */
    private String createdAudience(String name) {
        ApiClient.Reply accepted = api.call("POST", "/external-audience/", createBody(name));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode operation = awaitOperation(accepted.json().path("operationId").asText());
        assertThat(operation.path("status").asText()).as(operation.toString()).isEqualTo("SUCCESS");
        return operation.path("audienceId").asText();
    }

    private JsonNode awaitOperation(String operationId) {
        return api.awaitOperation(operationId);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void assertError(ApiClient.Reply reply, int status, String errorCode) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.json().path("errorCode").asText()).as(reply.toString()).isEqualTo(errorCode);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-01: a create request shaped like the guide's sample is 202 with an operationId and the request normalised")
    void createAccepted() {
        ApiClient.Reply accepted = api.call("POST", "/external-audience/", createBody(unique("Create")));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().path("operationId").asText()).as(accepted.toString()).isNotBlank();
        assertThat(accepted.json().path("operationDetails").path("ttlInDays").asInt()).as(accepted.toString())
                .isEqualTo(40);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-02: the create operation ends SUCCESS with the audience id, epoch-second timestamps and the creator")
    void operationSucceeds() {
        ApiClient.Reply accepted = api.call("POST", "/external-audience/", createBody(unique("Operation")));
        JsonNode operation = awaitOperation(accepted.json().path("operationId").asText());

        assertThat(operation.path("status").asText()).as(operation.toString()).isEqualTo("SUCCESS");
        assertThat(operation.path("audienceId").asText()).as(operation.toString()).isNotBlank();
        assertThat(operation.path("createdAt").asLong()).as("createdAt in epoch seconds")
                .isBetween(1_500_000_000L, 9_999_999_999L);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-03: a duplicate name in the same sandbox is 409 100950-409 (DUPLICATE_RESOURCE)")
    void duplicateName() {
        String name = unique("Twice");
        createdAudience(name);

        assertError(api.call("POST", "/external-audience/", createBody(name)), 409, "100950-409");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-04: ttlInDays outside 1..90 is 400 100910-400")
    void ttlBounds() {
        for (String ttl : List.of("0", "91")) {
            assertError(api.call("POST", "/external-audience/", createBody(unique("Ttl"))
                    .replace("\"ttlInDays\": \"40\"", "\"ttlInDays\": " + ttl)), 400, "100910-400");
        }
    }

    @Test
    @Tag("required")
    @DisplayName("EA-HEADERS-01: a request missing any of the four headers is 401 100920-401")
    void missingHeaders() {
        for (String header : List.of("Authorization", "x-api-key", "x-gw-ims-org-id", "x-sandbox-name")) {
            Map<String, String> headers = new LinkedHashMap<>(api.headers());
            headers.remove(header);
            assertError(api.call("GET", "/external-audience/no-such-audience/runs", null, headers), 401, "100920-401");
        }
    }

    @Test
    @Tag("required")
    @DisplayName("EA-TENANT-01: another sandbox's audience is 404 and is not changed by calls from there")
    void isolation() {
        String id = createdAudience(unique("Private"));
        ApiClient other = new ApiClient(api.target().inSandbox(api.target().otherSandbox()));

        assertError(other.call("PATCH", "/external-audience/" + id, "{\"ttlInDays\": 1}"), 404, "100940-404");
        assertError(other.call("GET", "/external-audience/" + id + "/runs", null), 404, "100940-404");
        assertError(other.call("DELETE", "/external-audience/" + id, null), 404, "100940-404");
        ApiClient.Reply mine = api.call("PATCH", "/external-audience/" + id, "{}");
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        assertThat(mine.json().path("ttlInDays").asInt()).as(mine.toString()).isEqualTo(40);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-PATCH-01: PATCH replaces description, labels and ttlInDays and answers the whole audience")
    void patchReplaces() {
        String id = createdAudience(unique("Patched"));

        ApiClient.Reply patched = api.call("PATCH", "/external-audience/" + id,
                "{\"description\": \"replaced\", \"labels\": [\"core/C5\"], \"ttlInDays\": 45}");

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().path("description").asText()).as(patched.toString()).isEqualTo("replaced");
        assertThat(patched.json().path("labels").toString()).as(patched.toString()).isEqualTo("[\"core/C5\"]");
        assertThat(patched.json().path("ttlInDays").asInt()).as(patched.toString()).isEqualTo(45);
        assertThat(patched.json().path("audienceId").asText()).as(patched.toString()).isEqualTo(id);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-PATCH-02: a property PATCH may not change (such as name) is 400 100910-400, and nothing changes")
    void patchRefusesOtherProperties() {
        String name = unique("Fixed");
        String id = createdAudience(name);

        assertError(api.call("PATCH", "/external-audience/" + id, "{\"name\": \"renamed\", \"ttlInDays\": 5}"), 400,
                "100910-400");
        ApiClient.Reply unchanged = api.call("PATCH", "/external-audience/" + id, "{}");
        assertThat(unchanged.json().path("audienceName").asText()).as(unchanged.toString()).isEqualTo(name);
        assertThat(unchanged.json().path("ttlInDays").asInt()).as(unchanged.toString()).isEqualTo(40);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-RUN-01: starting a run is 200 with a runId, and the run reads back with its two stages")
    void startRun() {
        String id = createdAudience(unique("Runs"));

        ApiClient.Reply started = api.call("POST", "/external-audience/" + id + "/runs",
                "{\"dataFilterStartTime\": 1700000000}");

        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String runId = started.json().path("runId").asText();
        ApiClient.Reply run = api.call("GET", "/external-audience/" + id + "/runs/" + runId, null);
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.json().path("details").findValuesAsText("stage")).as(run.toString())
                .containsExactly("DATASET_INGEST", "PROFILE_STORE_INGEST");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-RUN-02: a runs list honours limit and reports it in _page")
    void runsListLimit() {
        String id = createdAudience(unique("Listed"));
        for (int i = 0; i < 2; i++) {
            awaitRunEnded(id, api.call("POST", "/external-audience/" + id + "/runs",
                    "{\"dataFilterStartTime\": 1700000000}").json().path("runId").asText());
        }

        ApiClient.Reply page = api.call("GET", "/external-audience/" + id + "/runs?limit=1", null);

        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.json().path("runs").size()).as(page.toString()).isEqualTo(1);
        assertThat(page.json().path("_page").path("limit").asInt()).as(page.toString()).isEqualTo(1);
        assertThat(page.json().path("_page").path("totalCount").asInt()).as(page.toString()).isEqualTo(2);
    }

    private void awaitRunEnded(String audienceId, String runId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && api.call("GET", "/external-audience/" + audienceId + "/runs/" + runId,
                null).json().path("status").asText().equals("PROCESSING")) {
            sleep();
        }
    }

    @Test
    @Tag("required")
    @DisplayName("EA-DELETE-01: DELETE is 204 with an empty body; the audience is then 404")
    void delete() {
        String id = createdAudience(unique("Doomed"));

        ApiClient.Reply deleted = api.call("DELETE", "/external-audience/" + id, null);

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertError(api.call("GET", "/external-audience/" + id + "/runs", null), 404, "100940-404");
        assertError(api.call("DELETE", "/external-audience/" + id, null), 404, "100940-404");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-MODEL-01: random sequences of creates, patches, deletes, run starts, run lists and peeks from another sandbox agree with the reference model")
    void agreesWithTheModel() {
        int examples = Integer.getInteger("testkit.modelExamples", 20);
        dev.extaudiences.testkit.Property.forAll(examples, ModelCheck.sequences(), commands -> {
            String transcript = ModelCheck.disagreement(api, commands);
            assertThat(transcript).as("the sequence %s, as curl commands:%n%s", commands, transcript).isNull();
        });
    }

    @Test
    @Tag("extension")
    @DisplayName("EA-EXT-01: GET one audience answers it (an extension of this project)")
    void getAudience() {
        String name = unique("Readable");
        String id = createdAudience(name);

        ApiClient.Reply audience = api.call("GET", "/external-audience/" + id, null);

        assertThat(audience.status()).as(audience.toString()).isEqualTo(200);
        assertThat(audience.json().path("audienceName").asText()).as(audience.toString()).isEqualTo(name);
    }
}
