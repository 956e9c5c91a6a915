package dev.extaudiences.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls the implementation under test with the contract's four headers; no global state. */
public final class ApiClient {

    public static final String BASE = "/data/core/ais";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiTarget target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ApiClient(ApiTarget target) {
        this.target = target;
    }

    public ApiTarget target() {
        return target;
    }

    /** The four headers every request of the contract carries. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + target.token());
        headers.put("x-api-key", target.apiKey());
        headers.put("x-gw-ims-org-id", target.orgId());
        headers.put("x-sandbox-name", target.sandbox());
        return headers;
    }

    public Reply call(String method, String path, String body) {
        return call(method, path, body, headers());
    }

    public Reply call(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.baseUrl() + BASE + encoded(path)))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(method, path, body, response.statusCode(), response.body(), response.headers().map());
        } catch (IOException unreachable) {
            throw new UncheckedIOException("the implementation at " + target.baseUrl() + " did not answer", unreachable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** Filters such as {@code createdAt<1683669114845} are written as the guide writes them, and encoded here. */
    private static String encoded(String path) {
        return path.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E").replace("\"", "%22");
    }

    /** Polls a create operation until it is no longer PROCESSING (30 s at most); answers its last state. */
    public JsonNode awaitOperation(String operationId) {
        return Polling.until(Duration.ofSeconds(30),
                () -> call("GET", "/external-audiences/operations/" + operationId, null).json(),
                operation -> !operation.path("status").asText().equals("PROCESSING"));
    }

    /** One exchange: what was sent and what came back, printable as a curl command for a failure report. */
    public record Reply(String method, String path, String sent, int status, String text,
                        Map<String, List<String>> headers) {

        /** The first value of a header of the answer, whatever its case; null when there is none. */
        public String header(String name) {
            return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                    .map(header -> header.getValue().get(0)).findFirst().orElse(null);
        }

        public JsonNode json() {
            try {
                return text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
            } catch (IOException notJson) {
                return JSON.missingNode();
            }
        }

        public String curl() {
            return "curl -X " + method + " \"$BASE_URL" + BASE + path + "\" -H \"Authorization: Bearer $TOKEN\""
                    + " -H \"x-api-key: $API_KEY\" -H \"x-gw-ims-org-id: $ORG\" -H \"x-sandbox-name: $SANDBOX\""
                    + (sent == null ? "" : " -H 'Content-Type: application/json' -d '" + sent.replace("'", "'\\''") + "'");
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + " " + (text == null ? "" : text.length() > 400
                    ? text.substring(0, 400) + "..." : text) + "\n  reproduce: " + curl();
        }
    }
}
