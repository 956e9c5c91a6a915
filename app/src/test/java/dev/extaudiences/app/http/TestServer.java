package dev.extaudiences.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.extaudiences.app.CompositionRoot;
import dev.extaudiences.app.Server;
import dev.extaudiences.app.Settings;
import dev.extaudiences.testkit.http.ApiClient;
import dev.extaudiences.testkit.http.ApiTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real server on a random port over H2 in a temporary directory, the conformance kit's client of it, and a plain
 * HTTP client for what the kit's client does not send (another content type, a path outside the API).
 */
final class TestServer implements AutoCloseable {

    static final String BASE = "/data/core/ais";
    static final String ORG = "1234@AdobeOrg";
    static final String OTHER_ORG = "5678@AdobeOrg";
    static final String TOKEN = "token-org-1234";
    static final String ANY_ORG_TOKEN = "token-any-org";
    static final String API_KEY = "key-allowed";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(Path dataDirectory, Map<String, String> overrides) {
        this(dataDirectory, overrides, Clock.systemUTC());
    }

    TestServer(Path dataDirectory, Map<String, String> overrides, Clock clock) {
        Map<String, String> values = new HashMap<>(Map.of(
                "EXTAUDIENCES_DATA_DIR", dataDirectory.toString(),
                "EXTAUDIENCES_PORT", "0",
                "EXTAUDIENCES_HOST", "127.0.0.1",
                "EXTAUDIENCES_AUTH_TOKENS", TOKEN + ":" + ORG + ":alice@example.com," + ANY_ORG_TOKEN + ":*:bob",
                "EXTAUDIENCES_API_KEYS", API_KEY,
                "EXTAUDIENCES_MAX_BODY_BYTES", "65536"));
        values.putAll(overrides);
        server = CompositionRoot.start(Settings.from(values), clock);
    }

    TestServer(Path dataDirectory) {
        this(dataDirectory, Map.of());
    }

    int port() {
        return server.port();
    }

    /** The conformance kit's client of this server: the main org's token, in {@code sandbox}. */
    ApiClient api(String sandbox) {
        return api(TOKEN, ORG, sandbox);
    }

    /** The kit's client as another caller: its token, the org it names, its sandbox. */
    ApiClient api(String token, String org, String sandbox) {
        return new ApiClient(new ApiTarget("http://127.0.0.1:" + port(), token, API_KEY, org, sandbox,
                sandbox + "-other"));
    }

    /** The four headers every request of the contract needs, for the given sandbox of the main org. */
    static Map<String, String> headers(String sandbox) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + TOKEN);
        headers.put("x-api-key", API_KEY);
        headers.put("x-gw-ims-org-id", ORG);
        headers.put("x-sandbox-name", sandbox);
        return headers;
    }

    Reply call(String method, String path, String body, Map<String, String> headers) {
        return call(client, port(), method, path, body, headers);
    }

    /** One request to a server on this machine, as a client of the API sends it. */
    static Reply call(HttpClient client, int port, String method, String path, String body,
                      Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    Reply call(String method, String path, String body) {
        return call(method, path, body, headers("prod"));
    }

    Reply get(String path) {
        return call("GET", path, null);
    }

    @Override
    public void close() {
        server.close();
    }

    /** One HTTP answer. */
    record Reply(int status, String text, Map<String, List<String>> headers) {

        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException notJson) {
                throw new AssertionError("the body is not JSON: " + text, notJson);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }
}
