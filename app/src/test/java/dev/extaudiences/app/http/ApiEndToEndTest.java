package dev.extaudiences.app.http;

import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.extaudiences.testkit.Race;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract over real HTTP: the app on a random port, H2 underneath, the JDK client in front. */
class ApiEndToEndTest {

    static final String GUIDE_CONNECTION = "4f0c3b2e-0d7e-4a51-9d0c-7d9f0e3c1a22";

    /** The create request of CONTRACT.md §1, shaped exactly as the public guide's sample. */
    static final String GUIDE_SAMPLE = """
            {"name": "Loyalty tier gold", "description": "Gold members from the CRM export",
             "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                        {"name": "tier", "type": "string", "labels": ["core/C2"]},
                        {"name": "points", "type": "number"}, {"name": "joined", "type": "date"}],
             "sourceSpec": {"params": {"path": "crm/gold/members.csv", "type": "file", "sourceType": "Cloud Storage",
                                       "baseConnectionId": "4f0c3b2e-0d7e-4a51-9d0c-7d9f0e3c1a22"}},
             "ttlInDays": "40", "labels": ["core/C1"], "audienceType": "people", "originName": "CUSTOM_UPLOAD"}
            """;

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() throws java.io.IOException {
        java.nio.file.Files.createDirectories(data.resolve("bucket"));
        // no run workers here: these rules are about the API surface, and need runs to stay in progress
        server = new TestServer(data, Map.of("EXTAUDIENCES_CONNECTIONS",
                GUIDE_CONNECTION + "=S3:" + data.resolve("bucket"), "EXTAUDIENCES_RUN_WORKERS", "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String sandbox() {
        return "sb-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String minimal(String name) {
        return """
                {"name": "%s", "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                 {"name": "tier", "type": "string"}], "sourceSpec": {"path": "crm/members.csv", "type": "file"},
                 "originName": "CUSTOM_UPLOAD"}
                """.formatted(name);
    }

    static JsonNode createAndAwait(String sandbox, String body) {
        return ApiEndToEndTestSupport.createAndAwait(server, sandbox, body);
    }

    static String audienceId(String sandbox, String name) {
        JsonNode operation = createAndAwait(sandbox, minimal(name));
        assertThat(operation.get("status").asText()).as(operation.toString()).isEqualTo("SUCCESS");
        return operation.get("audienceId").asText();
    }

    static void assertError(TestServer.Reply reply, int status, String errorCode, String detailMentions) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        JsonNode body = reply.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("errorCode").asText()).isEqualTo(errorCode);
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("detail").asText()).contains(detailMentions);
        assertThat(body.get("requestId").asText()).isEqualTo(reply.header("x-request-id"));
        assertThat(reply.text()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("the guide's own create sample is accepted (202), normalised, and its operation ends SUCCESS")
    void guideSample() {
        String sandbox = sandbox();
        TestServer.Reply accepted = server.call("POST", BASE + "/external-audience/", GUIDE_SAMPLE,
                TestServer.headers(sandbox));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode details = accepted.json().get("operationDetails");
        assertThat(details.get("ttlInDays").asInt()).isEqualTo(40);
        assertThat(details.get("sourceSpec").get("path").asText()).isEqualTo("crm/gold/members.csv");
        assertThat(details.get("sourceSpec").has("params")).isFalse();
        assertThat(details.get("namespace").asText()).isEqualTo("CustomerAudienceUpload");

        JsonNode operation = createAndAwaitExisting(sandbox, accepted.json().get("operationId").asText());
        assertThat(operation.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(operation.get("audienceName").asText()).isEqualTo("Loyalty tier gold");
        assertThat(operation.get("createdBy").asText()).isEqualTo("alice@example.com");
        assertThat(operation.get("createdAt").asLong()).isBetween(1_700_000_000L, 9_999_999_999L);
        JsonNode audience = server.call("GET", BASE + "/external-audience/" + operation.get("audienceId").asText(),
                null, TestServer.headers(sandbox)).json();
        assertThat(audience.get("sourceSpec").get("cloudType").asText()).isEqualTo("S3");
        assertThat(audience.get("fields").get(1).get("labels").get(0).asText()).isEqualTo("core/C2");
        assertThat(server.call("GET", BASE + "/external-audience/operations/" + operation.get("operationId").asText(),
                null, TestServer.headers(sandbox)).json()).isEqualTo(operation);
    }

    private static JsonNode createAndAwaitExisting(String sandbox, String operationId) {
        return ApiEndToEndTestSupport.awaitOperation(server, sandbox, operationId);
    }

    @Test
    @DisplayName("an unknown baseConnectionId is accepted, and its operation ends FAILED naming the connection")
    void unknownConnectionFailsTheOperation() {
        JsonNode operation = createAndAwait(sandbox(), GUIDE_SAMPLE.replace(GUIDE_CONNECTION, "no-such-connection"));

        assertThat(operation.get("status").asText()).isEqualTo("FAILED");
        assertThat(operation.get("audienceId").isNull()).isTrue();
        assertThat(operation.get("failureReason").asText()).contains("no-such-connection");
    }

    @Test
    @DisplayName("create: every structural rule is a synchronous 400 100910-400 naming the field")
    void createValidation() {
        String sandbox = sandbox();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("name", minimal(""));
        cases.put("name ", minimal("x").replace("\"name\": \"x\"", "\"name\": 5"));
        cases.put("fields", """
                {"name": "x", "fields": [], "sourceSpec": {"path": "a.csv", "type": "file"}, "originName": "CUSTOM_UPLOAD"}
                """);
        cases.put("ttlInDays", minimal("x").replace("\"originName\"", "\"ttlInDays\": 91, \"originName\""));
        cases.put("ttlInDays ", minimal("x").replace("\"originName\"", "\"ttlInDays\": \"forty\", \"originName\""));
        cases.put("ttlInDays  ", minimal("x").replace("\"originName\"", "\"ttlInDays\": 40.5, \"originName\""));
        cases.put("originName", minimal("x").replace("\"CUSTOM_UPLOAD\"", "\"SOMETHING_ELSE\""));
        cases.put("sourceSpec.path", minimal("x").replace("crm/members.csv", "crm/my members.csv"));
        cases.put("sourceSpec.type", minimal("x").replace("\"type\": \"file\"", "\"type\": \"blob\""));
        cases.put("sourceSpec", minimal("x").replace("\"type\": \"file\"}",
                "\"type\": \"file\", \"params\": {\"path\": \"b.csv\", \"type\": \"file\"}}"));
        cases.put("sourceSpec.baseConnectionId",
                minimal("x").replace("\"type\": \"file\"}", "\"type\": \"file\", \"cloudType\": \"S3\"}"));
        cases.put("fields.identityNs", minimal("x").replace(", \"identityNs\": \"email\"", ""));
        cases.put("fields[1].type", minimal("x").replace("{\"name\": \"tier\", \"type\": \"string\"}",
                "{\"name\": \"tier\", \"type\": \"money\"}"));
        cases.put("audienceType", minimal("x").replace("\"originName\"", "\"audienceType\": \"accounts\", \"originName\""));
        cases.put("labels[0]: must not be blank",
                minimal("x").replace("\"originName\"", "\"labels\": [\"\"], \"originName\""));
        cases.forEach((field, body) -> assertError(server.call("POST", BASE + "/external-audience", body,
                TestServer.headers(sandbox)), 400, "100910-400", field.trim()));
    }

    @Test
    @DisplayName("one rule, one wording: a TTL of 91 days is refused alike by a create and a PATCH, as the README shows")
    void oneWordingPerRule() {
        String sandbox = sandbox();
        String expected = "ttlInDays: must be between 1 and 90 days, was 91";
        TestServer.Reply created = server.call("POST", BASE + "/external-audience",
                minimal("x").replace("\"originName\"", "\"ttlInDays\": 91, \"originName\""), TestServer.headers(sandbox));
        assertThat(created.json().get("detail").asText()).as(created.toString()).isEqualTo(expected);
        String id = audienceId(sandbox, "Wording");
        TestServer.Reply patched = server.call("PATCH", BASE + "/external-audience/" + id, "{\"ttlInDays\": 91}",
                TestServer.headers(sandbox));
        assertThat(patched.json().get("detail").asText()).as(patched.toString()).isEqualTo(expected);
    }

    @Test
    @DisplayName("create: a name or custom audience id already used in the sandbox is 409 100950-409")
    void duplicates() {
        String sandbox = sandbox();
        audienceId(sandbox, "Twice");

        assertError(server.call("POST", BASE + "/external-audience", minimal("Twice"), TestServer.headers(sandbox)),
                409, "100950-409", "name");
        assertThat(createAndAwait(sandbox(), minimal("Twice")).get("status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    @DisplayName("PATCH replaces description, labels, field labels and TTL; anything else is a 400 naming it")
    void patch() {
        String sandbox = sandbox();
        String id = audienceId(sandbox, "Patched");
        Map<String, String> headers = TestServer.headers(sandbox);
        JsonNode before = server.call("GET", BASE + "/external-audience/" + id, null, headers).json();

        TestServer.Reply patched = server.call("PATCH", BASE + "/external-audience/" + id, """
                {"description": "replaced", "labels": ["core/C5"], "ttlInDays": "45",
                 "fields": [{"name": "tier", "labels": ["custom/deep"]}]}""", headers);

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode after = patched.json();
        assertThat(after.get("description").asText()).isEqualTo("replaced");
        assertThat(after.get("labels").toString()).isEqualTo("[\"core/C5\"]");
        assertThat(after.get("ttlInDays").asInt()).isEqualTo(45);
        assertThat(after.get("fields").get(1).get("labels").toString()).isEqualTo("[\"custom/deep\"]");
        assertThat(after.get("fields").get(0)).isEqualTo(before.get("fields").get(0));
        assertThat(after.get("audienceName")).isEqualTo(before.get("audienceName"));
        assertThat(after.get("createdAt")).isEqualTo(before.get("createdAt"));

        assertError(server.call("PATCH", BASE + "/external-audience/" + id, "{\"name\": \"renamed\"}", headers),
                400, "100910-400", "name");
        assertError(server.call("PATCH", BASE + "/external-audience/" + id,
                "{\"description\": \"lost\", \"fields\": [{\"name\": \"nope\", \"labels\": []}]}", headers),
                400, "100910-400", "nope");
        assertError(server.call("PATCH", BASE + "/external-audience/" + id,
                "{\"fields\": [{\"name\": \"tier\", \"type\": \"number\"}]}", headers), 400, "100910-400",
                "fields[0].type");
        assertError(server.call("PATCH", BASE + "/external-audience/" + id, "{\"ttlInDays\": 0}", headers),
                400, "100910-400", "ttlInDays");
        TestServer.Reply empty = server.call("PATCH", BASE + "/external-audience/" + id, "{}", headers);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json()).isEqualTo(after);
    }

    @Test
    @DisplayName("runs: start (200, PROCESSING), a second start is 422, get and list with filters, bad filters 400")
    void runs() {
        String sandbox = sandbox();
        String id = audienceId(sandbox, "Runs");
        Map<String, String> headers = TestServer.headers(sandbox);

        TestServer.Reply started = server.call("POST", BASE + "/external-audience/" + id + "/runs",
                "{\"dataFilterStartTime\": 1700000000, \"differentialIngestion\": false}", headers);

        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        JsonNode run = started.json();
        assertThat(run.get("status").asText()).isEqualTo("PROCESSING");
        assertThat(run.get("differentialIngestion").asBoolean()).isFalse();
        assertThat(run.get("dataFilterStartTime").asLong()).isEqualTo(1_700_000_000L);
        assertThat(run.get("dataFilterEndTime").isNull()).isTrue();
        assertThat(run.get("details").get(0).get("stage").asText()).isEqualTo("DATASET_INGEST");
        assertThat(run.get("details").get(1).get("stage").asText()).isEqualTo("PROFILE_STORE_INGEST");
        String runId = run.get("runId").asText();

        assertError(server.call("POST", BASE + "/external-audience/" + id + "/runs",
                "{\"dataFilterStartTime\": 1700000000}", headers), 422, "100960-422", "RUN_IN_PROGRESS");
        assertThat(server.call("GET", BASE + "/external-audience/" + id + "/runs/" + runId, null, headers).json()
                .get("runId").asText()).isEqualTo(runId);
        JsonNode listed = server.call("GET", BASE + "/external-audience/" + id
                + "/runs?property=status=PROCESSING&property=createdAt%3C9999999999999&sortBy=-createdAt&limit=5",
                null, headers).json();
        assertThat(listed.get("runs")).hasSize(1);
        assertThat(listed.get("_page").get("totalCount").asInt()).isEqualTo(1);
        assertThat(listed.get("_page").get("limit").asInt()).isEqualTo(5);
        assertThat(server.call("GET", BASE + "/external-audience/" + id + "/runs?property=status!=PROCESSING",
                null, headers).json().get("runs")).isEmpty();
        assertThat(server.call("GET", BASE + "/external-audience/" + id + "/runs?sortBy=ingestionTime", null,
                headers).status()).isEqualTo(200);

        assertError(server.call("GET", BASE + "/external-audience/" + id + "/runs?limit=41", null, headers), 400,
                "100910-400", "limit");
        assertError(server.call("GET", BASE + "/external-audience/" + id + "/runs?sortBy=size", null, headers), 400,
                "100910-400", "sortBy");
        assertError(server.call("GET", BASE + "/external-audience/" + id + "/runs?limit=5&limit=6", null, headers),
                400, "100910-400", "limit");
        assertError(server.call("GET", BASE + "/external-audience/" + id + "/runs?property=colour=red", null,
                headers), 400, "100910-400", "property");
        assertError(server.call("GET", BASE + "/external-audience/" + id + "/runs/no-such-run", null, headers), 404,
                "100940-404", "no-such-run");
        assertError(server.call("POST", BASE + "/external-audience/" + id + "/runs", "{}", headers), 400,
                "100910-400", "dataFilterStartTime");
        assertError(server.call("POST", BASE + "/external-audience/" + id + "/runs", "{\"dataFilterStartTime\": 1.5}",
                headers), 400, "100910-400", "dataFilterStartTime");
        assertError(server.call("POST", BASE + "/external-audience/" + id + "/runs",
                "{\"dataFilterStartTime\": 1700000000, \"dataFilterEndTime\": 1600000000}", headers), 400,
                "100910-400", "dataFilterEndTime");
    }

    @Test
    @DisplayName("delete: 204, then the audience and its runs are gone (404), with or without a trailing slash")
    void delete() {
        String sandbox = sandbox();
        String id = audienceId(sandbox, "Doomed");
        Map<String, String> headers = TestServer.headers(sandbox);
        server.call("POST", BASE + "/external-audience/" + id + "/runs", "{\"dataFilterStartTime\": 1}", headers);

        TestServer.Reply deleted = server.call("DELETE", BASE + "/external-audience/" + id + "/", null, headers);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.text()).isEmpty();
        assertError(server.call("GET", BASE + "/external-audience/" + id, null, headers), 404, "100940-404", id);
        assertError(server.call("GET", BASE + "/external-audience/" + id + "/runs", null, headers), 404, "100940-404",
                id);
        assertError(server.call("DELETE", BASE + "/external-audience/" + id, null, headers), 404, "100940-404", id);
        assertThat(audienceId(sandbox, "Doomed")).isNotEqualTo(id);
    }

    @Test
    @DisplayName("another org or sandbox sees 404 for everything of this one, and changes nothing")
    void crossTenant() {
        String sandbox = sandbox();
        String id = audienceId(sandbox, "Private");
        Map<String, String> owner = TestServer.headers(sandbox);
        JsonNode before = server.call("GET", BASE + "/external-audience/" + id, null, owner).json();
        Map<String, String> otherSandbox = TestServer.headers(sandbox + "-other");
        Map<String, String> otherOrg = new LinkedHashMap<>(TestServer.headers(sandbox));
        otherOrg.put("Authorization", "Bearer " + TestServer.ANY_ORG_TOKEN);
        otherOrg.put("x-gw-ims-org-id", TestServer.OTHER_ORG);

        for (Map<String, String> intruder : List.of(otherSandbox, otherOrg)) {
            assertError(server.call("GET", BASE + "/external-audience/" + id, null, intruder), 404, "100940-404", id);
            assertError(server.call("PATCH", BASE + "/external-audience/" + id, "{\"ttlInDays\": 1}", intruder), 404,
                    "100940-404", id);
            assertError(server.call("POST", BASE + "/external-audience/" + id + "/runs",
                    "{\"dataFilterStartTime\": 1}", intruder), 404, "100940-404", id);
            assertError(server.call("GET", BASE + "/external-audience/" + id + "/runs", null, intruder), 404,
                    "100940-404", id);
            assertError(server.call("DELETE", BASE + "/external-audience/" + id, null, intruder), 404, "100940-404",
                    id);
            assertThat(server.call("GET", BASE + "/external-audience", null, intruder).json().get("audiences"))
                    .isEmpty();
        }
        assertThat(server.call("GET", BASE + "/external-audience/" + id, null, owner).json()).isEqualTo(before);
        assertThat(server.call("GET", BASE + "/external-audience/" + id + "/runs", null, owner).json()
                .get("runs")).isEmpty();
    }

    @Test
    @DisplayName("headers: missing ones are 401 100920-401 naming them; bad token 400 100911; other org 401 100921; bad key 401 100922")
    void headers() {
        String path = BASE + "/external-audience";
        for (String header : List.of("Authorization", "x-api-key", "x-gw-ims-org-id", "x-sandbox-name")) {
            Map<String, String> headers = new LinkedHashMap<>(TestServer.headers("prod"));
            headers.remove(header);
            assertError(server.call("GET", path, null, headers), 401, "100920-401", header);
        }
        Map<String, String> badToken = new LinkedHashMap<>(TestServer.headers("prod"));
        badToken.put("Authorization", "Bearer not-a-token");
        assertError(server.call("GET", path, null, badToken), 400, "100911-400", "Authorization");
        Map<String, String> notBearer = new LinkedHashMap<>(TestServer.headers("prod"));
        notBearer.put("Authorization", "Basic dXNlcjpwYXNz");
        assertError(server.call("GET", path, null, notBearer), 400, "100911-400", "Bearer");
        Map<String, String> otherOrg = new LinkedHashMap<>(TestServer.headers("prod"));
        otherOrg.put("x-gw-ims-org-id", TestServer.OTHER_ORG);
        assertError(server.call("GET", path, null, otherOrg), 401, "100921-401", "x-gw-ims-org-id");
        Map<String, String> badKey = new LinkedHashMap<>(TestServer.headers("prod"));
        badKey.put("x-api-key", "key-unknown");
        assertError(server.call("GET", path, null, badKey), 401, "100922-401", "x-api-key");
    }

    @Test
    @DisplayName("HTTP-level refusals share the error shape: malformed JSON, wrong content type, unknown path, wrong method, oversized body")
    void httpLevelErrors() {
        String path = BASE + "/external-audience";
        Map<String, String> headers = TestServer.headers("prod");
        assertError(server.call("POST", path, "{\"name\": ", headers), 400, "100910-400", "body");
        Map<String, String> form = new LinkedHashMap<>(headers);
        form.put("Content-Type", "application/x-www-form-urlencoded");
        assertError(server.call("POST", path, "name=x", form), 400, "100910-400", "Content-Type");
        assertError(server.call("POST", path, "[1, 2]", headers), 400, "100910-400", "body");
        assertError(server.call("GET", BASE + "/no-such-thing", null, headers), 404, "100940-404", "no-such-thing");
        assertError(server.call("GET", "/no-such-thing", null, Map.of()), 404, "100940-404", "no-such-thing");
        assertError(server.call("PUT", path + "/some-id", "{}", headers), 405, "100905-405", "PUT");
        String huge = minimal("x".repeat(10)).replace("\"originName\"",
                "\"description\": \"" + "y".repeat(70_000) + "\", \"originName\"");
        assertError(server.call("POST", path, huge, headers), 413, "100913-413", "body");
    }

    @Test
    @DisplayName("of many concurrent run starts over HTTP, exactly one is 200 and the others 422")
    void concurrentRunStarts() throws Exception {
        String sandbox = sandbox();
        String id = audienceId(sandbox, "Raced");
        int contenders = 12;

        List<Integer> statuses = Race.run(contenders, i -> () -> server.call("POST",
                BASE + "/external-audience/" + id + "/runs", "{\"dataFilterStartTime\": 1700000000}",
                TestServer.headers(sandbox)).status());

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(contenders - 1);
    }

    @Test
    @DisplayName("extensions: GET one audience, a paged list of audiences, and member look-ups")
    void extensions() {
        String sandbox = sandbox();
        Map<String, String> headers = TestServer.headers(sandbox);
        String first = audienceId(sandbox, "First");
        audienceId(sandbox, "Second");

        JsonNode page = server.call("GET", BASE + "/external-audience?limit=1&start=0", null, headers).json();
        assertThat(page.get("audiences")).hasSize(1);
        assertThat(page.get("audiences").get(0).get("audienceId").asText()).isEqualTo(first);
        assertThat(page.get("_page").get("totalCount").asInt()).isEqualTo(2);
        assertThat(server.call("GET", BASE + "/external-audience/" + first + "/members", null, headers).json()
                .get("members")).isEmpty();
        assertThat(server.call("GET", BASE + "/external-audience/members/email/a@example.com", null, headers).json()
                .get("memberships")).isEmpty();
        assertError(server.call("GET", BASE + "/external-audience?limit=0", null, headers), 400, "100910-400",
                "limit");
    }

    @Test
    @DisplayName("operational endpoints: /health, /metrics and /openapi.json need no credentials")
    void operational() {
        TestServer.Reply health = server.call("GET", "/health", null, Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("checks").get("database").asText()).isEqualTo("UP");
        server.get(BASE + "/external-audience");
        TestServer.Reply metrics = server.call("GET", "/metrics", null, Map.of());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("http_server_requests_seconds_count")
                .contains("route=\"/data/core/ais/external-audience\"")
                .containsPattern("extaudiences_runs\\{status=\"PROCESSING\"\\} \\d")
                .contains("jvm_heap_peak_bytes");
        TestServer.Reply openApi = server.call("GET", "/openapi.json", null, Map.of());
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.json().get("openapi").asText()).startsWith("3.1");
    }
}
