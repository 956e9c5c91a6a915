package dev.extaudiences.app.http;

import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.extaudiences.testkit.Race;
import dev.extaudiences.testkit.http.ApiClient;
import dev.extaudiences.testkit.http.Calls;
import dev.extaudiences.testkit.http.RawHttp;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only our own server shows over real HTTP, beyond the conformance kit's rules (ConformanceTest runs every one of
 * them against it): the guide's sample with its connection configured, the full path of what a refusal names and the
 * refusals the kit does not try, a second org, a race of run starts, the HTTP layer's own errors, the extensions and
 * the operational endpoints. Through the kit's own client, on H2, with no run workers so that runs stay in progress.
 */
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
        // no run workers here: these tests need runs to stay in progress
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

    /** The error shape, with the request id of the answer's header, naming what was wrong; no stack trace. */
    static void assertError(TestServer.Reply reply, int status, String errorCode, String detailMentions) {
        assertError(reply.toString(), reply.status(), reply.json(), reply.header("x-request-id"), reply.text(), status,
                errorCode, detailMentions);
    }

    static void assertError(ApiClient.Reply reply, int status, String errorCode, String detailMentions) {
        assertError(reply.toString(), reply.status(), reply.json(), reply.header("x-request-id"), reply.text(), status,
                errorCode, detailMentions);
    }

    private static void assertError(String exchange, int actualStatus, JsonNode body, String requestIdHeader,
                                    String text, int status, String errorCode, String detailMentions) {
        assertThat(actualStatus).as(exchange).isEqualTo(status);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("errorCode").asText()).isEqualTo(errorCode);
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("detail").asText()).as(exchange).contains(detailMentions);
        assertThat(body.get("requestId").asText()).isEqualTo(requestIdHeader);
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("the guide's own create sample is normalised, its configured connection decides the cloud type, and the token's user created it")
    void guideSample() {
        ApiClient api = server.api(sandbox());

        ApiClient.Reply accepted = api.call("POST", "/external-audience/", GUIDE_SAMPLE);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode details = accepted.json().get("operationDetails");
        assertThat(details.get("sourceSpec").get("path").asText()).isEqualTo("crm/gold/members.csv");
        assertThat(details.get("sourceSpec").has("params")).isFalse();
        assertThat(details.get("namespace").asText()).isEqualTo("CustomerAudienceUpload");
        JsonNode operation = api.awaitOperation(accepted.json().get("operationId").asText());
        assertThat(operation.get("status").asText()).as(operation.toString()).isEqualTo("SUCCESS");
        assertThat(operation.get("createdBy").asText()).isEqualTo("alice@example.com");
        JsonNode audience = api.call("GET", "/external-audience/" + operation.get("audienceId").asText(), null).json();
        assertThat(audience.get("sourceSpec").get("cloudType").asText()).isEqualTo("S3");
    }

    @Test
    @DisplayName("an unknown baseConnectionId is accepted, and its operation ends FAILED naming the connection")
    void unknownConnectionFailsTheOperation() {
        ApiClient api = server.api(sandbox());
        ApiClient.Reply accepted = api.call("POST", "/external-audience/",
                GUIDE_SAMPLE.replace(GUIDE_CONNECTION, "no-such-connection"));

        JsonNode operation = api.awaitOperation(accepted.json().get("operationId").asText());

        assertThat(operation.get("status").asText()).isEqualTo("FAILED");
        assertThat(operation.get("audienceId").isNull()).isTrue();
        assertThat(operation.get("failureReason").asText()).contains("no-such-connection");
    }

    @Test
    @DisplayName("create: a refusal names the field by its whole path, its place in a list included, for the rules the kit does not try too")
    void createValidation() {
        ApiClient api = server.api(sandbox());
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("name", minimal("x").replace("\"name\": \"x\"", "\"name\": 5"));
        cases.put("ttlInDays", minimal("x").replace("\"originName\"", "\"ttlInDays\": \"forty\", \"originName\""));
        cases.put("originName", minimal("x").replace("\"CUSTOM_UPLOAD\"", "\"SOMETHING_ELSE\""));
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
        cases.forEach((field, body) -> assertError(api.call("POST", "/external-audience", body), 400, "100910-400",
                field));
    }

    @Test
    @DisplayName("one rule, one wording: a TTL of 91 days is refused alike by a create and a PATCH, as the README shows")
    void oneWordingPerRule() {
        ApiClient api = server.api(sandbox());
        String expected = "ttlInDays: must be between 1 and 90 days, was 91";
        ApiClient.Reply created = api.call("POST", "/external-audience",
                minimal("x").replace("\"originName\"", "\"ttlInDays\": 91, \"originName\""));
        assertThat(created.json().get("detail").asText()).as(created.toString()).isEqualTo(expected);
        String id = Calls.createdAudienceFrom(api, minimal("Wording"));
        ApiClient.Reply patched = api.call("PATCH", "/external-audience/" + id, "{\"ttlInDays\": 91}");
        assertThat(patched.json().get("detail").asText()).as(patched.toString()).isEqualTo(expected);
    }

    @Test
    @DisplayName("PATCH takes a TTL written as a string and leaves the name and creation alone; a field's type is refused naming its place")
    void patch() {
        ApiClient api = server.api(sandbox());
        String id = Calls.createdAudienceFrom(api, minimal("Patched"));
        JsonNode before = api.call("GET", "/external-audience/" + id, null).json();

        ApiClient.Reply patched = api.call("PATCH", "/external-audience/" + id, "{\"ttlInDays\": \"45\"}");

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("ttlInDays").asInt()).isEqualTo(45);
        assertThat(patched.json().get("audienceName")).isEqualTo(before.get("audienceName"));
        assertThat(patched.json().get("createdAt")).isEqualTo(before.get("createdAt"));
        assertError(api.call("PATCH", "/external-audience/" + id,
                "{\"fields\": [{\"name\": \"tier\", \"type\": \"number\"}]}"), 400, "100910-400", "fields[0].type");
    }

    @Test
    @DisplayName("runs: a full run is answered as asked, a second start's refusal names RUN_IN_PROGRESS, and a repeated limit or a fractional start time is a 400 naming it")
    void runs() {
        ApiClient api = server.api(sandbox());
        String id = Calls.createdAudienceFrom(api, minimal("Runs"));
        String runs = "/external-audience/" + id + "/runs";

        ApiClient.Reply started = api.call("POST", runs,
                "{\"dataFilterStartTime\": 1700000000, \"differentialIngestion\": false}");

        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.json().get("status").asText()).isEqualTo("PROCESSING");
        assertThat(started.json().get("differentialIngestion").asBoolean()).isFalse();
        assertError(api.call("POST", runs, Calls.RUN_FROM_2023), 422, "100960-422", "RUN_IN_PROGRESS");
        assertError(api.call("GET", runs + "?limit=5&limit=6", null), 400, "100910-400", "limit");
        assertError(api.call("POST", runs, "{\"dataFilterStartTime\": 1.5}"), 400, "100910-400",
                "dataFilterStartTime");
    }

    @Test
    @DisplayName("another org sees 404 for everything of this one and changes nothing; another sandbox lists none of its audiences")
    void crossTenant() {
        String sandbox = sandbox();
        ApiClient owner = server.api(sandbox);
        String id = Calls.createdAudienceFrom(owner, minimal("Private"));
        JsonNode before = owner.call("GET", "/external-audience/" + id, null).json();
        ApiClient otherOrg = server.api(TestServer.ANY_ORG_TOKEN, TestServer.OTHER_ORG, sandbox);
        String audience = "/external-audience/" + id;

        assertError(otherOrg.call("GET", audience, null), 404, "100940-404", id);
        assertError(otherOrg.call("PATCH", audience, "{\"ttlInDays\": 1}"), 404, "100940-404", id);
        assertError(otherOrg.call("POST", audience + "/runs", "{\"dataFilterStartTime\": 1}"), 404, "100940-404", id);
        assertError(otherOrg.call("GET", audience + "/runs", null), 404, "100940-404", id);
        assertError(otherOrg.call("DELETE", audience, null), 404, "100940-404", id);
        for (ApiClient stranger : List.of(otherOrg, server.api(sandbox + "-other"))) {
            assertThat(stranger.call("GET", "/external-audience", null).json().get("audiences")).isEmpty();
        }
        assertThat(owner.call("GET", audience, null).json()).isEqualTo(before);
        assertThat(owner.call("GET", audience + "/runs", null).json().get("runs")).isEmpty();
    }

    @Test
    @DisplayName("the refusal of a credential names its header: a token that is none or no bearer token (400 100911), an org the token is not for (401 100921), an unknown key (401 100922)")
    void headers() {
        ApiClient api = server.api("prod");
        assertError(listingWith(api, "Authorization", "Bearer not-a-token"), 400, "100911-400", "Authorization");
        assertError(listingWith(api, "Authorization", "Basic dXNlcjpwYXNz"), 400, "100911-400", "Bearer");
        assertError(listingWith(api, "x-gw-ims-org-id", TestServer.OTHER_ORG), 401, "100921-401", "x-gw-ims-org-id");
        assertError(listingWith(api, "x-api-key", "key-unknown"), 401, "100922-401", "x-api-key");
    }

    private static ApiClient.Reply listingWith(ApiClient api, String header, String value) {
        Map<String, String> headers = new LinkedHashMap<>(api.headers());
        headers.put(header, value);
        return api.call("GET", "/external-audience", null, headers);
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
        assertError(declaringABodyOf(70_000, path, headers), 413, "100913-413", "body");
    }

    /**
     * The head alone of a request declaring a body of {@code bytes}: the server refuses a body over its limit before
     * reading it, and closes, so a client still writing the body could read its own broken pipe instead of the answer.
     */
    private static TestServer.Reply declaringABodyOf(int bytes, String path, Map<String, String> headers) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Type: application/json\r\nContent-Length: ").append(bytes).append("\r\n\r\n");
        RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", server.port(), head.toString(), 0);
        return new TestServer.Reply(answer.status(), answer.body(),
                Map.of("x-request-id", List.of(answer.header("x-request-id"))));
    }

    @Test
    @DisplayName("of many concurrent run starts over HTTP, exactly one is 200 and the others 422")
    void concurrentRunStarts() throws Exception {
        ApiClient api = server.api(sandbox());
        String id = Calls.createdAudienceFrom(api, minimal("Raced"));
        int contenders = 12;

        List<Integer> statuses = Race.run(contenders, i -> () -> Calls.startRun(api, id).status());

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(contenders - 1);
    }

    @Test
    @DisplayName("extensions: the audiences list pages in creation order and refuses a limit of 0; member look-ups")
    void extensions() {
        ApiClient api = server.api(sandbox());
        String first = Calls.createdAudienceFrom(api, minimal("First"));
        Calls.createdAudienceFrom(api, minimal("Second"));

        JsonNode page = api.call("GET", "/external-audience?limit=1&start=0", null).json();
        assertThat(page.get("audiences")).hasSize(1);
        assertThat(page.get("audiences").get(0).get("audienceId").asText()).isEqualTo(first);
        assertThat(page.get("_page").get("totalCount").asInt()).isEqualTo(2);
        assertThat(api.call("GET", "/external-audience/" + first + "/members", null).json().get("members")).isEmpty();
        assertThat(api.call("GET", "/external-audience/members/email/a@example.com", null).json()
                .get("memberships")).isEmpty();
        assertError(api.call("GET", "/external-audience?limit=0", null), 400, "100910-400", "limit");
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
