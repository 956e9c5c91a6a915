package dev.extaudiences.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import dev.extaudiences.testkit.http.ApiClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The webhook scenarios on memory, H2 and PostgreSQL, with what only a database can do: restarts and two nodes. */
class WebhooksEndToEndTest {

    private static EmbeddedPostgres postgres;

    private static synchronized Map<String, String> postgresSettings() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException failed) {
                throw new IllegalStateException("embedded PostgreSQL did not start", failed);
            }
        }
        return Map.of("EXTAUDIENCES_DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                "EXTAUDIENCES_DATABASE_USER", "postgres", "EXTAUDIENCES_DATABASE_PASSWORD", "postgres");
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Nested
    class Memory extends WebhookScenarios {
        @Override
        Map<String, String> store() {
            return Map.of("EXTAUDIENCES_STORE", "memory");
        }
    }

    /** Scenarios a store that outlives its server adds. */
    abstract static class Durable extends WebhookScenarios {

        @Test
        void aDeliveryInBackoffIsMadeByTheServerStartedAfterIt() {
            receiver.answer(WebhookReceiver.Mode.FAIL);
            String webhookId = subscribe(api, receiver.url()).path("webhookId").asText();
            audience(api);
            awaitReceived(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> attemptsAtOldest(api, webhookId).size() == 1);

            server.close();
            receiver.answer(WebhookReceiver.Mode.ACKNOWLEDGE);
            server = start();
            api = server.api(sandbox);
            clock.advance(Duration.ofSeconds(11));

            awaitReceived(2);
            assertThat(receiver.received().get(1).eventId()).isEqualTo(receiver.received().get(0).eventId());
            await().atMost(Duration.ofSeconds(30)).until(() -> attemptsAtOldest(api, webhookId).size() == 2);
            assertThat(deliveries(api, webhookId).get(0).path("status").asText()).isEqualTo("DELIVERED");
        }
    }

    @Nested
    class H2 extends Durable {
        @Override
        Map<String, String> store() {
            return Map.of();
        }
    }

    @Nested
    class Postgres extends Durable {
        @Override
        Map<String, String> store() {
            return postgresSettings();
        }

        @Test
        void twoNodesOnOneDatabaseDeliverEachEventOnce() throws Exception {
            String webhookId = subscribe(api, receiver.url()).path("webhookId").asText();
            try (TestServer second = start()) {
                ApiClient other = second.api(sandbox);
                List<String> audiences = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    ApiClient node = i % 2 == 0 ? api : other;
                    String audienceId = audience(node);
                    audiences.add(audienceId);
                    assertThat(run(node, audienceId).path("status").asText()).isEqualTo("SUCCESS");
                }
                awaitReceived(8);
                await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(api, webhookId).size() == 8
                        && deliveries(api, webhookId).stream()
                        .allMatch(delivery -> delivery.path("status").asText().equals("DELIVERED")));
                // both nodes keep polling the outbox: a delivery either could send twice would arrive meanwhile
                Thread.sleep(1_000);

                List<WebhookReceiver.Received> received = receiver.received();
                Map<String, Long> perEvent = received.stream().collect(Collectors.groupingBy(
                        WebhookReceiver.Received::eventId, Collectors.counting()));
                assertThat(perEvent).hasSize(8).allSatisfy((event, times) -> assertThat(times).isEqualTo(1));
                for (String audienceId : audiences) {
                    List<String> types = received.stream().map(WebhookReceiver.Received::json)
                            .filter(event -> event.path("data").path("audienceId").asText().equals(audienceId))
                            .map(event -> event.path("type").asText()).toList();
                    assertThat(types).containsExactly("operation.ended", "run.ended");
                }
            }
        }
    }
}
