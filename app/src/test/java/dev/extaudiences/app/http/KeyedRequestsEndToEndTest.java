package dev.extaudiences.app.http;

import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.testkit.MutableClock;
import dev.extaudiences.testkit.Race;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key and quotas extensions over HTTP on each store, and a key raced from two nodes of one PostgreSQL. */
class KeyedRequestsEndToEndTest {

    @Nested
    class OnMemory extends KeyedRequestsOverHttp {
        @Override
        Map<String, String> storeSettings() {
            return Map.of("EXTAUDIENCES_STORE", "memory");
        }
    }

    @Nested
    class OnH2 extends KeyedRequestsOverHttp {
        @Override
        Map<String, String> storeSettings() {
            return Map.of();
        }
    }

    @Nested
    class OnPostgres extends KeyedRequestsOverHttp {
        private EmbeddedPostgres postgres;

        @Override
        Map<String, String> storeSettings() {
            postgres = startPostgres();
            return postgresSettings(postgres);
        }

        @Override
        void afterServer() {
            try {
                postgres.close();
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        }
    }

    static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    static Map<String, String> postgresSettings(EmbeddedPostgres postgres) {
        return Map.of("EXTAUDIENCES_DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                "EXTAUDIENCES_DATABASE_USER", "postgres", "EXTAUDIENCES_DATABASE_PASSWORD", "postgres");
    }

    @Test
    @DisplayName("of concurrent creates and run starts under one key on two nodes of one PostgreSQL, one does the work")
    void twoNodesOnePostgres() throws Exception {
        MutableClock clock = new MutableClock(KeyedRequestsOverHttp.EVENING);
        try (EmbeddedPostgres postgres = startPostgres();
             TestServer a = new TestServer(Files.createTempDirectory("node-a"), postgresSettings(postgres), clock);
             TestServer b = new TestServer(Files.createTempDirectory("node-b"), postgresSettings(postgres), clock)) {
            String sandbox = KeyedRequestsOverHttp.sandbox();
            Map<String, String> createKey = KeyedRequestsOverHttp.keyed(sandbox, "two-nodes-" + UUID.randomUUID());

            List<TestServer.Reply> creates = Race.run(8, i -> () -> (i % 2 == 0 ? a : b).call("POST",
                    BASE + "/external-audience", KeyedRequestsOverHttp.create("Two nodes"), createKey));

            KeyedRequestsOverHttp.assertOneDidTheWork(creates);
            String operationId = creates.stream().filter(reply -> reply.status() == 202).findFirst().orElseThrow()
                    .json().get("operationId").asText();
            String audience = awaitAudience(a, sandbox, operationId);
            assertThat(a.call("GET", BASE + "/external-audience", null, TestServer.headers(sandbox)).json()
                    .get("_page").get("totalCount").asLong()).isEqualTo(1);

            Map<String, String> runKey = KeyedRequestsOverHttp.keyed(sandbox, "two-nodes-run-" + UUID.randomUUID());
            List<TestServer.Reply> starts = Race.run(8, i -> () -> (i % 2 == 0 ? a : b).call("POST",
                    BASE + "/external-audience/" + audience + "/runs", "{\"dataFilterStartTime\": 1700000000}",
                    runKey));

            assertThat(starts).filteredOn(reply -> reply.status() == 200).isNotEmpty();
            assertThat(starts).filteredOn(reply -> reply.status() == 200).extracting(reply -> reply.json().get("runId"))
                    .as("every 200 is the one run").hasSameSizeAs(starts.stream().filter(r -> r.status() == 200)
                            .toList()).containsOnly(starts.stream().filter(r -> r.status() == 200).findFirst()
                            .orElseThrow().json().get("runId"));
            starts.stream().filter(reply -> reply.status() != 200).forEach(reply ->
                    ApiEndToEndTest.assertError(reply, 409, "100951-409", "still being worked on"));
            assertThat(b.call("GET", BASE + "/external-audience/" + audience + "/runs", null,
                    TestServer.headers(sandbox)).json().get("_page").get("totalCount").asLong()).isEqualTo(1);
        }
    }

    private static String awaitAudience(TestServer server, String sandbox, String operationId)
            throws InterruptedException {
        for (int attempt = 0; attempt < 1_500; attempt++) {
            var operation = server.call("GET", BASE + "/external-audiences/operations/" + operationId, null,
                    TestServer.headers(sandbox)).json();
            if (!operation.path("status").asText().equals("PROCESSING")) {
                assertThat(operation.path("status").asText()).as(operation.toString()).isEqualTo("SUCCESS");
                return operation.get("audienceId").asText();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("operation " + operationId + " did not end within 30 s");
    }

}
