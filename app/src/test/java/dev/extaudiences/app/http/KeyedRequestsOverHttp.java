package dev.extaudiences.app.http;

import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.extaudiences.testkit.MutableClock;
import dev.extaudiences.testkit.Race;
import dev.extaudiences.testkit.http.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Idempotency-Key and quotas extensions over real HTTP, on the store a subclass chooses: the same rules on memory,
 * H2 and PostgreSQL ({@link KeyedRequestsEndToEndTest}). The server's clock is the test's, from 20:00 UTC of a day,
 * so that the guardrails' day and a key's window pass on demand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyedRequestsOverHttp {

    static final Instant EVENING = Instant.parse("2026-12-01T20:00:00Z");
    static final int RUNS_PER_AUDIENCE = 2;

    final MutableClock clock = new MutableClock(EVENING);
    TestServer server;
    private Path data;

    /** The settings that choose the store, beside the ones every variant shares. */
    abstract Map<String, String> storeSettings();

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("keyed-requests");
        Map<String, String> settings = new HashMap<>(storeSettings());
        settings.put("EXTAUDIENCES_RUNS_PER_AUDIENCE_PER_DAY", String.valueOf(RUNS_PER_AUDIENCE));
        settings.put("EXTAUDIENCES_RUN_POLL_MILLIS", "20");
        server = new TestServer(data, settings, clock);
    }

    @AfterAll
    void stop() {
        server.close();
        afterServer();
    }

    /** What the store variant closes once the server has stopped. */
    void afterServer() {
    }

    static String sandbox() {
        return "sb-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, String> keyed(String sandbox, String key) {
        Map<String, String> headers = new LinkedHashMap<>(TestServer.headers(sandbox));
        headers.put("Idempotency-Key", key);
        return headers;
    }

    static String create(String name) {
        return ApiEndToEndTest.minimal(name);
    }

    /** Waits (polling, at most 30 s) until the run has ended: runs of these audiences fail, their file is missing. */
    JsonNode ended(String sandbox, String audienceId, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode run = server.call("GET", BASE + "/external-audience/" + audienceId + "/runs/" + runId, null,
                    TestServer.headers(sandbox)).json();
            if (!run.path("status").asText().equals("PROCESSING") || System.nanoTime() > deadline) {
                return run;
            }
            Thread.sleep(20);
        }
    }

    String createdAudience(String sandbox, String name) throws InterruptedException {
        TestServer.Reply accepted = server.call("POST", BASE + "/external-audience", create(name),
                TestServer.headers(sandbox));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return operationAudience(sandbox, accepted.json().get("operationId").asText());
    }

    String operationAudience(String sandbox, String operationId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode operation = server.call("GET", BASE + "/external-audiences/operations/" + operationId, null,
                    TestServer.headers(sandbox)).json();
            if (!operation.path("status").asText().equals("PROCESSING") || System.nanoTime() > deadline) {
                assertThat(operation.path("status").asText()).as(operation.toString()).isEqualTo("SUCCESS");
                return operation.get("audienceId").asText();
            }
            Thread.sleep(20);
        }
    }

    long audiencesIn(String sandbox) {
        return server.call("GET", BASE + "/external-audience?limit=40", null, TestServer.headers(sandbox)).json()
                .get("_page").get("totalCount").asLong();
    }

    long runsOf(String sandbox, String audienceId) {
        return server.call("GET", BASE + "/external-audience/" + audienceId + "/runs", null,
                TestServer.headers(sandbox)).json().get("_page").get("totalCount").asLong();
    }

    @Test
    @DisplayName("a create sent again under its key answers the first reply again, status and body, and creates one audience")
    void repeatedCreate() throws Exception {
        String sandbox = sandbox();
        Map<String, String> headers = keyed(sandbox, "create-" + UUID.randomUUID());

        TestServer.Reply first = server.call("POST", BASE + "/external-audience/", create("Once"), headers);
        String audience = operationAudience(sandbox, first.json().get("operationId").asText());
        // the same request re-serialised: another property order and spacing, without the trailing slash
        TestServer.Reply again = server.call("POST", BASE + "/external-audience", """
                {"originName":"CUSTOM_UPLOAD","sourceSpec":{"type":"file","path":"crm/members.csv"},
                 "fields":[{"name":"email","type":"string","identityNs":"email"},{"name":"tier","type":"string"}],
                 "name":"Once"}""", headers);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.text()).isEqualTo(first.text());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(audiencesIn(sandbox)).isEqualTo(1);
        assertThat(audience).isNotBlank();
    }

    @Test
    @DisplayName("a run start sent again under its key answers the same run, and starts one run, even once the first has ended")
    void repeatedRunStart() throws Exception {
        String sandbox = sandbox();
        String audience = createdAudience(sandbox, "Runs once");
        Map<String, String> headers = keyed(sandbox, "run-" + UUID.randomUUID());
        String path = BASE + "/external-audience/" + audience + "/runs";

        TestServer.Reply first = server.call("POST", path, "{\"dataFilterStartTime\": 1700000000}", headers);
        ended(sandbox, audience, first.json().get("runId").asText());
        TestServer.Reply again = server.call("POST", path, "{\"dataFilterStartTime\":1700000000}", headers);

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("runId")).isEqualTo(first.json().get("runId"));
        assertThat(again.text()).isEqualTo(first.text());
        assertThat(runsOf(sandbox, audience)).isEqualTo(1);
    }

    @Test
    @DisplayName("the same key with another body, or on another route, is a 422 naming the header, and does nothing")
    void sameKeyAnotherRequest() throws Exception {
        String sandbox = sandbox();
        String key = "reused-" + UUID.randomUUID();
        server.call("POST", BASE + "/external-audience", create("First body"), keyed(sandbox, key));
        String audience = createdAudience(sandbox, "Other");

        TestServer.Reply otherBody = server.call("POST", BASE + "/external-audience", create("Second body"),
                keyed(sandbox, key));
        TestServer.Reply otherRoute = server.call("POST", BASE + "/external-audience/" + audience + "/runs",
                "{\"dataFilterStartTime\": 1700000000}", keyed(sandbox, key));

        ApiEndToEndTest.assertError(otherBody, 422, "100960-422", "Idempotency-Key");
        ApiEndToEndTest.assertError(otherRoute, 422, "100960-422", "another request");
        assertThat(audiencesIn(sandbox)).isEqualTo(2);
        assertThat(runsOf(sandbox, audience)).isZero();
    }

    @Test
    @DisplayName("keys are per sandbox: the same key in another sandbox is another key")
    void keysPerSandbox() {
        String key = "shared-" + UUID.randomUUID();
        TestServer.Reply here = server.call("POST", BASE + "/external-audience", create("Here"), keyed(sandbox(), key));
        TestServer.Reply there = server.call("POST", BASE + "/external-audience", create("There"),
                keyed(sandbox(), key));

        assertThat(here.status()).isEqualTo(202);
        assertThat(there.status()).isEqualTo(202);
        assertThat(there.json().get("operationId")).isNotEqualTo(here.json().get("operationId"));
    }

    @Test
    @DisplayName("a refusal keeps nothing: after a 400, the key is free for the corrected request")
    void refusalFreesTheKey() {
        String sandbox = sandbox();
        Map<String, String> headers = keyed(sandbox, "fix-" + UUID.randomUUID());

        TestServer.Reply refused = server.call("POST", BASE + "/external-audience",
                create("Fixed").replace("\"originName\": \"CUSTOM_UPLOAD\"", "\"originName\": \"NOPE\""), headers);
        TestServer.Reply corrected = server.call("POST", BASE + "/external-audience", create("Fixed"), headers);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(202);
        assertThat(corrected.header("Idempotent-Replayed")).isNull();
    }

    @Test
    @DisplayName("a key of bad shape (empty, over 255 characters, a control character, twice) is a 400 naming the header")
    void badKeys() {
        String sandbox = sandbox();
        String path = BASE + "/external-audience";
        ApiEndToEndTest.assertError(raw(path, sandbox, "Idempotency-Key: \r\n"), 400, "100910-400",
                "Idempotency-Key: must not be empty");
        ApiEndToEndTest.assertError(raw(path, sandbox, "Idempotency-Key: " + "k".repeat(256) + "\r\n"), 400,
                "100910-400", "Idempotency-Key: must be at most 255 characters");
        ApiEndToEndTest.assertError(raw(path, sandbox, "Idempotency-Key: a\tb\r\n"), 400, "100910-400",
                "Idempotency-Key: must not contain control characters");
        ApiEndToEndTest.assertError(raw(path, sandbox, "Idempotency-Key: one\r\nIdempotency-Key: two\r\n"), 400,
                "100910-400", "Idempotency-Key: may be given once");
        assertThat(audiencesIn(sandbox)).isZero();
        assertThat(server.call("POST", path, create("Long key"), keyed(sandbox, "k".repeat(255))).status())
                .isEqualTo(202);
    }

    private TestServer.Reply raw(String path, String sandbox, String keyHeaders) {
        String body = create("Raw");
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        TestServer.headers(sandbox).forEach((name, value) -> head.append(name).append(": ").append(value)
                .append("\r\n"));
        head.append(keyHeaders).append("Content-Type: application/json\r\nContent-Length: ")
                .append(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body);
        RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", server.port(), head.toString(), 0);
        return new TestServer.Reply(answer.status(), answer.body(),
                Map.of("x-request-id", List.of(String.valueOf(answer.header("x-request-id")))));
    }

    @Test
    @DisplayName("of concurrent creates under one key on one node, one does the work: every answer is its 202 or a 409 in flight")
    void concurrentSameKey() throws Exception {
        String sandbox = sandbox();
        Map<String, String> headers = keyed(sandbox, "raced-" + UUID.randomUUID());

        List<TestServer.Reply> replies = Race.run(8, i -> () -> server.call("POST", BASE + "/external-audience",
                create("Raced"), headers));

        assertOneDidTheWork(replies);
        String operationId = replies.stream().filter(reply -> reply.status() == 202).findFirst().orElseThrow()
                .json().get("operationId").asText();
        operationAudience(sandbox, operationId);
        assertThat(audiencesIn(sandbox)).isEqualTo(1);
    }

    static void assertOneDidTheWork(List<TestServer.Reply> replies) {
        assertThat(replies).filteredOn(reply -> reply.status() == 202).isNotEmpty()
                .extracting(TestServer.Reply::text).as("every 202 is the first one's").containsOnly(
                        replies.stream().filter(reply -> reply.status() == 202).findFirst().orElseThrow().text());
        replies.stream().filter(reply -> reply.status() != 202).forEach(reply -> {
            ApiEndToEndTest.assertError(reply, 409, "100951-409", "still being worked on");
            assertThat(reply.header("Retry-After")).isEqualTo("1");
        });
    }

    @Test
    @DisplayName("a key expires after its window (24 h): the same request then does the work again")
    void expiry() throws Exception {
        String sandbox = sandbox();
        Map<String, String> headers = keyed(sandbox, "expiring-" + UUID.randomUUID());
        TestServer.Reply first = server.call("POST", BASE + "/external-audience", create("Expiring"), headers);
        operationAudience(sandbox, first.json().get("operationId").asText());

        clock.advance(Duration.ofHours(24).minusSeconds(1));
        TestServer.Reply withinWindow = server.call("POST", BASE + "/external-audience", create("Expiring"), headers);
        clock.advance(Duration.ofSeconds(1));
        TestServer.Reply afterWindow = server.call("POST", BASE + "/external-audience", create("Expiring"), headers);
        clock.set(EVENING);

        assertThat(withinWindow.text()).isEqualTo(first.text());
        // the work is done again: the create is refused this time, as its name is taken by the first
        ApiEndToEndTest.assertError(afterWindow, 409, "100950-409", "Expiring");
        assertThat(audiencesIn(sandbox)).isEqualTo(1);
    }

    @Test
    @DisplayName("GET /external-audience/quotas tells runs used and left today, per sandbox and audience, and when the day resets; an unknown audience is a 404")
    void quotas() throws Exception {
        String sandbox = sandbox();
        String audience = createdAudience(sandbox, "Counted");
        String path = BASE + "/external-audience/quotas?audienceId=" + audience;

        JsonNode before = server.call("GET", path, null, TestServer.headers(sandbox)).json();
        String run = server.call("POST", BASE + "/external-audience/" + audience + "/runs",
                "{\"dataFilterStartTime\": 1700000000}", TestServer.headers(sandbox)).json().get("runId").asText();
        ended(sandbox, audience, run);
        JsonNode after = server.call("GET", path, null, TestServer.headers(sandbox)).json();
        JsonNode sandboxOnly = server.call("GET", BASE + "/external-audience/quotas", null,
                TestServer.headers(sandbox)).json();

        assertThat(before.get("sandbox").get("used").asLong()).isZero();
        assertThat(before.get("sandbox").get("left").asLong()).isEqualTo(100);
        assertThat(before.get("audience").get("used").asLong()).isZero();
        assertThat(before.get("audience").get("left").asLong()).isEqualTo(RUNS_PER_AUDIENCE);
        assertThat(after.get("sandbox").get("used").asLong()).isEqualTo(1);
        assertThat(after.get("sandbox").get("left").asLong()).isEqualTo(99);
        assertThat(after.get("audience").get("audienceId").asText()).isEqualTo(audience);
        assertThat(after.get("audience").get("used").asLong()).isEqualTo(1);
        assertThat(after.get("audience").get("left").asLong()).isEqualTo(RUNS_PER_AUDIENCE - 1);
        assertThat(after.get("resetsAt").asText()).isEqualTo("2026-12-02T00:00:00Z");
        assertThat(sandboxOnly.has("audience")).isFalse();
        assertThat(sandboxOnly.get("sandbox").get("used").asLong()).isEqualTo(1);
        ApiEndToEndTest.assertError(server.call("GET", BASE + "/external-audience/quotas?audienceId=no-such-audience",
                null, TestServer.headers(sandbox)), 404, "100940-404", "no-such-audience");
    }

    @Test
    @DisplayName("a run refused by the audience's daily guardrail carries Retry-After, the seconds to the day's reset, and the figures in its detail")
    void guardrailRetryAfter() throws Exception {
        String sandbox = sandbox();
        String audience = createdAudience(sandbox, "Limited");
        String path = BASE + "/external-audience/" + audience + "/runs";
        for (int i = 0; i < RUNS_PER_AUDIENCE; i++) {
            TestServer.Reply started = server.call("POST", path, "{\"dataFilterStartTime\": 1700000000}",
                    TestServer.headers(sandbox));
            assertThat(started.status()).as(started.toString()).isEqualTo(200);
            ended(sandbox, audience, started.json().get("runId").asText());
        }

        TestServer.Reply refused = server.call("POST", path, "{\"dataFilterStartTime\": 1700000000}",
                TestServer.headers(sandbox));

        ApiEndToEndTest.assertError(refused, 422, "100960-422", "AUDIENCE_RUN_GUARDRAIL");
        assertThat(refused.header("Retry-After")).isEqualTo(String.valueOf(4 * 3600));
        assertThat(refused.json().get("detail").asText()).contains("used 2, left 0")
                .contains("2026-12-02T00:00:00Z").contains("in 14400 s");
        JsonNode quotas = server.call("GET", BASE + "/external-audience/quotas?audienceId=" + audience, null,
                TestServer.headers(sandbox)).json();
        assertThat(quotas.get("audience").get("left").asLong()).isZero();
    }
}
