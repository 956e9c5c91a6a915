package dev.extaudiences.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.core.webhook.AttemptOutcome;
import dev.extaudiences.core.webhook.Delivery;
import dev.extaudiences.core.webhook.DeliveryId;
import dev.extaudiences.core.webhook.DeliveryState;
import dev.extaudiences.core.webhook.EventId;
import dev.extaudiences.core.webhook.EventType;
import dev.extaudiences.core.webhook.Subscription;
import dev.extaudiences.core.webhook.WebhookId;
import dev.extaudiences.core.webhook.WebhookSecret;
import dev.extaudiences.core.webhook.WebhookUrl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender against a receiver started here: what each answer (or none) comes to, and what is signed. */
class HttpWebhookSenderTest {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final String BODY = "{\"id\":\"evt-1\",\"type\":\"run.ended\"}";

    private final HttpWebhookSender sender = new HttpWebhookSender(Duration.ofSeconds(1), Duration.ofMillis(700));
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ok", exchange -> {
            received.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.put("signature", exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER));
            received.put("eventId", exchange.getRequestHeaders().getFirst(HttpWebhookSender.EVENT_ID));
            received.put("eventType", exchange.getRequestHeaders().getFirst(HttpWebhookSender.EVENT_TYPE));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/fail", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/hang", exchange -> {
            try {
                release.await();
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        release.countDown();
        server.stop(0);
    }

    private Subscription to(String path) {
        return at("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static Subscription at(String url) {
        return new Subscription(new WebhookId("hook-1"), TenantScope.of("o@AdobeOrg", "prod"), new WebhookUrl(url),
                Set.of(EventType.RUN_ENDED), WebhookSecret.generate(), new Stamp(new UserId("u"), AT));
    }

    private static Delivery delivery(Subscription to) {
        return new Delivery(new DeliveryId("d-1"), to.id(), to.scope(), "audience:a", new EventId("evt-1"),
                EventType.RUN_ENDED, BODY, AT, DeliveryState.PENDING, 0, AT);
    }

    @Test
    void aTwoHundredIsAnAcknowledgementOfASignedBodyTheReceiverCanVerify() throws InterruptedException {
        Subscription to = to("/ok");

        AttemptOutcome outcome = sender.send(to, delivery(to), AT);

        assertThat(outcome).isEqualTo(new AttemptOutcome.Acknowledged(204));
        assertThat(received).containsEntry("body", BODY).containsEntry("eventId", "evt-1")
                .containsEntry("eventType", "run.ended");
        assertThat(received.get("signature")).startsWith("t=" + AT.getEpochSecond() + ",v1=");
        assertThat(WebhookSignature.verify(to.secret(), received.get("signature"), BODY, AT.plusSeconds(10),
                Duration.ofMinutes(5))).isTrue();
        assertThat(WebhookSignature.verify(to.secret(), received.get("signature"), BODY + " ", AT,
                Duration.ofMinutes(5))).as("another body").isFalse();
        assertThat(WebhookSignature.verify(WebhookSecret.generate(), received.get("signature"), BODY, AT,
                Duration.ofMinutes(5))).as("another secret").isFalse();
        assertThat(WebhookSignature.verify(to.secret(), received.get("signature"), BODY, AT.plusSeconds(600),
                Duration.ofMinutes(5))).as("a replay ten minutes later").isFalse();
    }

    @Test
    void aServerErrorIsARefusalNamingItsStatus() throws InterruptedException {
        Subscription to = to("/fail");

        assertThat(sender.send(to, delivery(to), AT)).isEqualTo(new AttemptOutcome.Refused(500));
    }

    @Test
    void aRedirectIsNotFollowed() throws InterruptedException {
        Subscription to = to("/moved");

        assertThat(sender.send(to, delivery(to), AT)).isEqualTo(new AttemptOutcome.Refused(302));
        assertThat(received).doesNotContainKey("body");
    }

    @Test
    void aReceiverThatHangsIsLeftAtTheTimeout() throws InterruptedException {
        Subscription to = to("/hang");

        AttemptOutcome outcome = sender.send(to, delivery(to), AT);

        assertThat(outcome).isInstanceOf(AttemptOutcome.Unreachable.class);
        assertThat(((AttemptOutcome.Unreachable) outcome).error()).contains("no answer within 700 ms");
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Subscription to = at("http://127.0.0.1:" + closedPort + "/nobody");

        AttemptOutcome outcome = sender.send(to, delivery(to), AT);

        assertThat(outcome).isEqualTo(new AttemptOutcome.Unreachable("the connection was refused"));
    }
}
