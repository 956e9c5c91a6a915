package dev.extaudiences.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.extaudiences.adapter.webhook.WebhookSignature;
import dev.extaudiences.core.webhook.WebhookSecret;
import dev.extaudiences.testkit.MutableClock;
import dev.extaudiences.testkit.http.ApiClient;
import dev.extaudiences.testkit.http.Calls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks through the HTTP API, on the store {@link #store} chooses: a receiver started here that fails, hangs and
 * recovers, events that arrive in order and signed, and runs that end whatever the receiver does. The backoff is
 * driven by moving the server's clock, never by waiting it out.
 */
abstract class WebhookScenarios {

    static final String CSV = "email,tier\nada@example.com,gold\nbob@example.com,silver\n";

    @TempDir
    Path data;
    final MutableClock clock = new MutableClock(Instant.now());
    WebhookReceiver receiver;
    TestServer server;
    String sandbox;
    ApiClient api;

    /** The settings that choose the store. */
    abstract Map<String, String> store();

    TestServer start() {
        Map<String, String> settings = new HashMap<>(store());
        settings.put("EXTAUDIENCES_RUN_POLL_MILLIS", "50");
        // long, so that a hanging receiver is still hanging when the test looks; it is released by the test
        settings.put("EXTAUDIENCES_WEBHOOK_TIMEOUT_MILLIS", "60000");
        return new TestServer(data, settings, clock);
    }

    @BeforeEach
    void startServerAndReceiver() throws IOException {
        receiver = new WebhookReceiver();
        server = start();
        sandbox = "hooks-" + UUID.randomUUID().toString().substring(0, 8);
        api = server.api(sandbox);
        Path file = data.resolve("landing").resolve(TestServer.ORG).resolve(sandbox).resolve("crm/members.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, CSV, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    }

    @AfterEach
    void stop() {
        receiver.release();
        server.close();
        receiver.close();
    }

    /** Subscribes to both event types; answers the subscription as created (with its secret). */
    static JsonNode subscribe(ApiClient api, String url) {
        ApiClient.Reply created = api.call("POST", "/external-audience/webhooks",
                "{\"url\": \"" + url + "\", \"events\": [\"operation.ended\", \"run.ended\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    static String audience(ApiClient api) {
        return Calls.createdAudienceFrom(api, """
                {"name": "%s", "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                 {"name": "tier", "type": "string"}], "sourceSpec": {"path": "crm/members.csv", "type": "file"},
                 "originName": "CUSTOM_UPLOAD"}""".formatted(Calls.unique("hooked")));
    }

    static JsonNode run(ApiClient api, String audienceId) {
        ApiClient.Reply started = api.call("POST", Calls.audiencePath(audienceId) + "/runs",
                "{\"dataFilterStartTime\": 0}");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return Calls.awaitRunEnded(api, audienceId, started.json().path("runId").asText());
    }

    static List<JsonNode> deliveries(ApiClient api, String webhookId) {
        ApiClient.Reply log = api.call("GET", "/external-audience/webhooks/" + webhookId + "/deliveries?limit=100",
                null);
        assertThat(log.status()).as(log.toString()).isEqualTo(200);
        return StreamSupport.stream(log.json().path("deliveries").spliterator(), false).toList();
    }

    /** The attempts at the oldest delivery of the subscription, as its log shows them. */
    static List<JsonNode> attemptsAtOldest(ApiClient api, String webhookId) {
        List<JsonNode> log = deliveries(api, webhookId);
        return log.isEmpty() ? List.of()
                : StreamSupport.stream(log.get(log.size() - 1).path("attempts").spliterator(), false).toList();
    }

    void awaitReceived(int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> receiver.received().size() >= count);
    }

    void assertSigned(WebhookReceiver.Received delivery, String secret) {
        assertThat(WebhookSignature.verify(new WebhookSecret(secret), delivery.signature(), delivery.body(),
                clock.instant(), Duration.ofMinutes(5))).as("signature of " + delivery).isTrue();
    }

    @Test
    void eventsArriveInOrderAndSignedThroughAFailingThenHangingReceiverThatRecovers() throws Exception {
        receiver.answer(WebhookReceiver.Mode.FAIL);
        JsonNode subscription = subscribe(api, receiver.url());
        String webhookId = subscription.path("webhookId").asText();
        String secret = subscription.path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(api.call("GET", "/external-audience/webhooks", null).text()).doesNotContain(secret);

        String audienceId = audience(api);
        awaitReceived(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> attemptsAtOldest(api, webhookId).size() == 1);
        JsonNode refused = attemptsAtOldest(api, webhookId).get(0);
        assertThat(refused.path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(refused.path("statusCode").asInt()).isEqualTo(500);
        assertThat(refused.path("nextAttemptAt").asLong()).isGreaterThan(refused.path("at").asLong());

        JsonNode first = run(api, audienceId);
        assertThat(first.path("status").asText()).isEqualTo("SUCCESS");
        // the run's event waits behind the audience's earlier one, which is in backoff
        assertThat(receiver.received()).hasSize(1);

        receiver.answer(WebhookReceiver.Mode.HANG);
        clock.advance(Duration.ofSeconds(11));
        receiver.awaitHanging();
        // a receiver holding its request does not hold a run: this one ends while the attempt is still unanswered
        JsonNode second = run(api, audienceId);
        assertThat(second.path("status").asText()).isEqualTo("SUCCESS");
        assertThat(attemptsAtOldest(api, webhookId)).as("the hanging attempt is still in flight").hasSize(1);
        receiver.release();
        await().atMost(Duration.ofSeconds(30)).until(() -> attemptsAtOldest(api, webhookId).size() == 2);
        assertThat(attemptsAtOldest(api, webhookId).get(1).path("outcome").asText()).isEqualTo("UNREACHABLE");

        receiver.answer(WebhookReceiver.Mode.ACKNOWLEDGE);
        clock.advance(Duration.ofSeconds(21));
        awaitReceived(5);

        List<WebhookReceiver.Received> received = receiver.received();
        assertThat(received).hasSize(5);
        received.forEach(delivery -> assertSigned(delivery, secret));
        // the same event each time it was tried, then the runs in the order they ended
        assertThat(received.subList(0, 3)).extracting(WebhookReceiver.Received::eventId).containsOnly(
                received.get(0).eventId());
        assertThat(received).extracting(WebhookReceiver.Received::eventType)
                .containsExactly("operation.ended", "operation.ended", "operation.ended", "run.ended", "run.ended");
        JsonNode created = received.get(2).json();
        assertThat(created.path("data").path("status").asText()).isEqualTo("SUCCESS");
        assertThat(created.path("data").path("audienceId").asText()).isEqualTo(audienceId);
        assertThat(created.path("sandboxName").asText()).isEqualTo(sandbox);
        JsonNode firstRun = received.get(3).json().path("data");
        assertThat(firstRun.path("runId").asText()).isEqualTo(first.path("runId").asText());
        assertThat(firstRun.path("metrics").path("membersAdded").asLong()).isEqualTo(2);
        assertThat(firstRun.path("_links").path("run").path("href").asText()).isEqualTo(
                "/data/core/ais/external-audience/" + audienceId + "/runs/" + first.path("runId").asText());
        assertThat(received.get(4).json().path("data").path("runId").asText())
                .isEqualTo(second.path("runId").asText());

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(api, webhookId).stream()
                .allMatch(delivery -> delivery.path("status").asText().equals("DELIVERED")));
        assertThat(attemptsAtOldest(api, webhookId)).extracting(attempt -> attempt.path("outcome").asText())
                .containsExactly("REFUSED", "UNREACHABLE", "ACKNOWLEDGED");
    }

    @Test
    void subscriptionsAreCheckedScopedAndDeleted() {
        ApiClient.Reply badUrl = api.call("POST", "/external-audience/webhooks", "{\"url\": \"ftp://example.com/x\"}");
        Calls.assertErrorNaming(badUrl, 400, "100910-400", "url");
        ApiClient.Reply badEvent = api.call("POST", "/external-audience/webhooks",
                "{\"url\": \"https://example.com/x\", \"events\": [\"run.started\"]}");
        Calls.assertErrorNaming(badEvent, 400, "100910-400", "events[0]");
        ApiClient.Reply unknown = api.call("POST", "/external-audience/webhooks",
                "{\"url\": \"https://example.com/x\", \"secret\": \"mine\"}");
        Calls.assertErrorNaming(unknown, 400, "100910-400", "secret");

        String webhookId = subscribe(api, receiver.url()).path("webhookId").asText();
        ApiClient other = server.api(sandbox + "-b");
        assertThat(other.call("GET", "/external-audience/webhooks/" + webhookId, null).status()).isEqualTo(404);
        assertThat(other.call("DELETE", "/external-audience/webhooks/" + webhookId, null).status()).isEqualTo(404);
        assertThat(api.call("GET", "/external-audience/webhooks/" + webhookId, null).json().path("url").asText())
                .isEqualTo(receiver.url());
        Calls.assertErrorNaming(api.call("GET", "/external-audience/webhooks/" + webhookId
                + "/deliveries?limit=0", null), 400, "100910-400", "limit");

        assertThat(api.call("DELETE", "/external-audience/webhooks/" + webhookId, null).status()).isEqualTo(204);
        assertThat(api.call("GET", "/external-audience/webhooks", null).json().path("webhooks")).isEmpty();
        audience(api);
        assertThat(receiver.received()).isEmpty();
    }
}
