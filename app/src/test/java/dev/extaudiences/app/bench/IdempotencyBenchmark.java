package dev.extaudiences.app.bench;

import dev.extaudiences.app.CompositionRoot;
import dev.extaudiences.app.Server;
import dev.extaudiences.app.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an Idempotency-Key costs a create: the server in this JVM on memory, H2 and embedded PostgreSQL, one client
 * sending creates one after another, without a key, with a new key each (claim, work, keep the reply) and again
 * with a used key (a replay: one read). Prints the median and 95th percentile of each, in milliseconds, after a
 * warm-up that is not counted; asserts nothing. Run it as app/BENCHMARKS.md says.
 */
public final class IdempotencyBenchmark {

    private static final String TOKEN = "bench-token";
    private static final String KEY = "bench-key";

    private IdempotencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        System.out.printf("%-10s %-16s %8s %8s%n", "store", "create", "p50 ms", "p95 ms");
        run("memory", Map.of("EXTAUDIENCES_STORE", "memory"), requests);
        run("h2", Map.of(), requests);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            run("postgresql", Map.of("EXTAUDIENCES_DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                    "EXTAUDIENCES_DATABASE_USER", "postgres", "EXTAUDIENCES_DATABASE_PASSWORD", "postgres"), requests);
        }
    }

    private static void run(String store, Map<String, String> storeSettings, int requests) throws Exception {
        Map<String, String> values = new HashMap<>(storeSettings);
        values.put("EXTAUDIENCES_DATA_DIR", WorkDirectory.create("idempotency-bench").toString());
        values.put("EXTAUDIENCES_PORT", "0");
        values.put("EXTAUDIENCES_HOST", "127.0.0.1");
        values.put("EXTAUDIENCES_AUTH_TOKENS", TOKEN + ":*:bench");
        values.put("EXTAUDIENCES_API_KEYS", KEY);
        values.put("EXTAUDIENCES_LOG_LEVEL", "warn");
        HttpClient client = HttpClient.newHttpClient();
        try (Server server = CompositionRoot.start(Settings.from(values), Clock.systemUTC())) {
            String sandbox = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            time(client, server.port(), sandbox, requests / 5, i -> null, "warm-up");
            print(store, "without a key", time(client, server.port(), sandbox, requests, i -> null, "plain"));
            print(store, "with a new key", time(client, server.port(), sandbox, requests, i -> "key-" + i, "keyed"));
            print(store, "replayed", time(client, server.port(), sandbox, requests, i -> "key-" + i, "keyed"));
        }
    }

    private interface Keys {
        String of(int i);
    }

    private static List<Long> time(HttpClient client, int port, String sandbox, int requests, Keys keys,
                                   String names) throws Exception {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String body = "{\"name\": \"" + names + "-" + i + "\", \"fields\": [{\"name\": \"email\", \"type\": "
                    + "\"string\", \"identityNs\": \"email\"}], \"sourceSpec\": {\"path\": \"crm/members.csv\", "
                    + "\"type\": \"file\"}, \"originName\": \"CUSTOM_UPLOAD\"}";
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/data/core/ais/external-audience"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Authorization", "Bearer " + TOKEN).header("x-api-key", KEY)
                    .header("x-gw-ims-org-id", "1234@AdobeOrg").header("x-sandbox-name", sandbox)
                    .header("Content-Type", "application/json");
            String key = keys.of(i);
            if (key != null) {
                request.header("Idempotency-Key", key);
            }
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            nanos.add(System.nanoTime() - start);
            if (response.statusCode() != 202) {
                throw new IllegalStateException("create " + i + " answered " + response.statusCode() + " "
                        + response.body());
            }
        }
        return nanos;
    }

    private static void print(String store, String kind, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("%-10s %-16s %8.2f %8.2f%n", store, kind, sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.95)) / 1e6);
    }
}
