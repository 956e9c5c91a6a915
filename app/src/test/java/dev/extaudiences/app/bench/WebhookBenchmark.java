package dev.extaudiences.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.extaudiences.app.CompositionRoot;
import dev.extaudiences.app.Server;
import dev.extaudiences.app.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * How fast events get from a create operation's end to a receiver: the server in this JVM on H2 and on an embedded
 * PostgreSQL, {@code --events N} creates sent as fast as the API takes them, each one's operation.ended counted at a
 * local receiver that answers 204; then the same again with a second subscription whose receiver hangs every request
 * past the sender's timeout, to show what it costs the healthy one. Prints a table; asserts nothing.
 *
 * <pre>
 * mvn -B -ntp -q -pl app -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
 * java -cp app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath) \
 *   dev.extaudiences.app.bench.WebhookBenchmark --events 300
 * </pre>
 */
public final class WebhookBenchmark {

    private static final String TOKEN = "bench-token";
    private static final String KEY = "bench-key";
    private static final String ORG = "bench@AdobeOrg";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = 300;
        String databases = "h2,pg";
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--events")) {
                events = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--databases")) {
                databases = args[i + 1];
            }
        }
        System.out.printf("%d creates per phase, %d cores%n", events, Runtime.getRuntime().availableProcessors());
        System.out.println("| database | phase | events/s (first create to last receipt) | p50 ms | p95 ms | max ms |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (String database : databases.split(",")) {
            if (database.equals("h2")) {
                bench("H2", Map.of(), events);
            } else {
                try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
                    bench("PostgreSQL", Map.of("EXTAUDIENCES_DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                            "EXTAUDIENCES_DATABASE_USER", "postgres", "EXTAUDIENCES_DATABASE_PASSWORD", "postgres"),
                            events);
                }
            }
        }
    }

    private static void bench(String name, Map<String, String> store, int events) throws Exception {
        Path data = WorkDirectory.create("extaudiences-hooks-bench");
        Map<String, String> settings = new HashMap<>(store);
        settings.putAll(Map.of("EXTAUDIENCES_DATA_DIR", data.toString(), "EXTAUDIENCES_PORT", "0",
                "EXTAUDIENCES_HOST", "127.0.0.1", "EXTAUDIENCES_AUTH_TOKENS", TOKEN + ":" + ORG + ":bench",
                "EXTAUDIENCES_API_KEYS", KEY, "EXTAUDIENCES_LOG_LEVEL", "WARN"));
        Server server = CompositionRoot.start(Settings.from(settings), Clock.systemUTC());
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        HttpServer healthy = receiver(exchange -> {
            long now = System.nanoTime();
            JsonNode event = JSON.readTree(exchange.getRequestBody());
            Long sent = sentAt.get(event.path("data").path("audienceName").asText());
            if (sent != null) {
                latencies.add(now - sent);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        HttpServer hanging = receiver(exchange -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        try {
            String base = "http://127.0.0.1:" + server.port() + "/data/core/ais";
            subscribe(base, healthy);
            phase(name, "one receiver, answering", base, events, "a", sentAt, latencies);
            subscribe(base, hanging);
            phase(name, "plus one that hangs past the 5 s timeout", base, events, "b", sentAt, latencies);
        } finally {
            server.close();
            healthy.stop(0);
            hanging.stop(0);
        }
    }

    private static void phase(String database, String phase, String base, int events, String prefix,
                              Map<String, Long> sentAt, List<Long> latencies) throws Exception {
        latencies.clear();
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            String audience = prefix + "-" + i;
            sentAt.put(audience, System.nanoTime());
            HttpResponse<String> created = call(base + "/external-audience", """
                    {"name": "%s", "fields": [{"name": "email", "type": "string", "identityNs": "email"}],
                     "sourceSpec": {"path": "x.csv", "type": "file"}, "originName": "CUSTOM_UPLOAD"}"""
                    .formatted(audience));
            if (created.statusCode() != 202) {
                throw new IllegalStateException(created.body());
            }
        }
        while (latencies.size() < events) {
            Thread.sleep(10);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("| %s | %s | %.0f | %.0f | %.0f | %.0f |%n", database, phase, events / seconds,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.95)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }

    private interface Handler {
        void handle(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException;
    }

    private static HttpServer receiver(Handler handler) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", handler::handle);
        server.start();
        return server;
    }

    private static void subscribe(String base, HttpServer receiver) throws Exception {
        HttpResponse<String> created = call(base + "/external-audience/webhooks", "{\"url\": \"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\", \"events\": [\"operation.ended\"]}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException(created.body());
        }
    }

    private static HttpResponse<String> call(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN).header("x-api-key", KEY)
                .header("x-gw-ims-org-id", ORG).header("x-sandbox-name", "bench")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
