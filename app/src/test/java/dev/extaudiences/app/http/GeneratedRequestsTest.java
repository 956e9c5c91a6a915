package dev.extaudiences.app.http;

import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.extaudiences.testkit.http.Calls;
import dev.extaudiences.testkit.http.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few thousand generated requests, as raw bytes, against the real server: odd methods, broken paths and
 * percent-encodings, headers missing, doubled, oversized or malformed, bodies truncated, doubled, nested or framed
 * wrongly. Whatever arrives, the server answers, never with a 5xx, and every refusal is the one JSON error shape
 * with the request id of its {@code x-request-id} header. Seeded: {@code -Dtestkit.seed=N} replays a failure, and
 * {@code -Dtestkit.requests=N} sends more.
 */
class GeneratedRequestsTest {

    private static final long DEFAULT_SEED = 20_261_201L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    static TestServer server;
    static String audienceId;
    static String runId;

    @BeforeAll
    static void start() {
        server = new TestServer(data);
        audienceId = Calls.createdAudienceFrom(server.api("prod"), ApiEndToEndTest.minimal("Fuzzed"));
        runId = server.call("POST", BASE + "/external-audience/" + audienceId + "/runs",
                "{\"dataFilterStartTime\": 0}").json().get("runId").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("no generated request gets a 5xx; every refusal is the JSON error shape with its request id")
    void generatedRequests() throws IOException {
        long seed = Long.getLong("testkit.seed", DEFAULT_SEED);
        int requests = Integer.getInteger("testkit.requests", 3_000);
        Requests generate = new Requests(new Random(seed));
        for (int i = 0; i < requests; i++) {
            String request = generate.request();
            String sent = "request " + i + " of seed " + seed + " (replay with -Dtestkit.seed=" + seed + "):\n"
                    + shown(request);
            RawHttp.Answer answer;
            try {
                answer = RawHttp.exchange("127.0.0.1", server.port(), request, 0);
            } catch (AssertionError | java.io.UncheckedIOException unanswered) {
                throw new AssertionError(sent + "\n" + unanswered.getMessage(), unanswered);
            }
            String replay = sent + "\nanswer: " + answer.status() + " " + answer.headers() + " " + answer.body();
            assertAnswered(request, answer, replay);
        }
    }

    private static void assertAnswered(String request, RawHttp.Answer answer, String replay) throws IOException {
        assertThat(answer.status()).as(replay).isBetween(200, 499);
        assertThat(answer.header("x-request-id")).as(replay).isNotBlank();
        if (answer.status() < 400 || request.startsWith("HEAD ")) {
            return;
        }
        assertThat(answer.header("content-type")).as(replay).startsWith("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("status").asInt()).as(replay).isEqualTo(answer.status());
        assertThat(body.path("title").asText()).as(replay).isNotBlank();
        assertThat(body.path("errorCode").asText()).as(replay).matches("\\d{6}-" + answer.status());
        assertThat(body.path("detail").asText()).as(replay).isNotBlank();
        assertThat(body.path("requestId").asText()).as(replay).isEqualTo(answer.header("x-request-id"));
        assertThat(answer.body()).as(replay).doesNotContain("Exception", "\tat ");
    }

    /** A request with its control characters shown, short enough to read. */
    private static String shown(String request) {
        String visible = request.replace("\r\n", "\\r\\n\n").replace("\u0000", "\\0");
        return visible.length() > 2_000 ? visible.substring(0, 2_000) + "... (" + visible.length() + " chars)" : visible;
    }

    /** The generator: each part of a request drawn from valid values and from the ways it can be wrong. */
    private static final class Requests {

        private final Random random;

        Requests(Random random) {
            this.random = random;
        }

        @SafeVarargs
        private <T> T oneOf(Supplier<T>... choices) {
            return choices[random.nextInt(choices.length)].get();
        }

        private String pick(String... values) {
            return values[random.nextInt(values.length)];
        }

        String request() {
            String method = pick("GET", "GET", "POST", "POST", "PATCH", "PATCH", "DELETE", "HEAD", "PUT", "OPTIONS",
                    "TRACE", "CONNECT", "FOO", "get", "M-SEARCH");
            String target = target();
            String version = random.nextInt(20) == 0 ? pick("HTTP/1.0", "HTTP/2.0", "HTTP/7.1", "HTP/1.1", "")
                    : "HTTP/1.1";
            Map<String, List<String>> headers = headers();
            String body = body();
            StringBuilder request = new StringBuilder(method + " " + target + (version.isEmpty() ? "" : " " + version)
                    + "\r\n");
            if (random.nextInt(30) != 0) {
                request.append("Host: localhost\r\n");
            }
            headers.forEach((name, values) -> values.forEach(value -> request.append(name).append(": ").append(value)
                    .append("\r\n")));
            if (random.nextInt(40) == 0) {
                // no oversized head here: the server answers 431 or 414 and closes while the client may still be
                // writing, which made this test read its own bytes back about once in ten builds; ErrorShapeTest
                // checks those answers one by one
                request.append(pick("Bad Header Line", "X-Nul: a\u0000b", "X-Long: " + "b".repeat(4_000),
                        ": no name")).append("\r\n");
            }
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String framedBody = new String(bytes, StandardCharsets.ISO_8859_1);
            if (body != null || random.nextInt(10) == 0) {
                switch (random.nextInt(12)) {
                    case 0 -> {
                        // chunked with a broken chunk size: the server cannot tell where the body ends
                        request.append("Transfer-Encoding: chunked\r\n");
                        String half = framedBody.isEmpty() ? "{" : framedBody.substring(0, (bytes.length + 1) / 2);
                        framedBody = Integer.toHexString(half.length()) + "\r\n" + half + "\r\nZZ\r\n";
                    }
                    case 1 -> {
                        // chunked, well framed
                        request.append("Transfer-Encoding: chunked\r\n");
                        framedBody = Integer.toHexString(bytes.length) + "\r\n" + framedBody + "\r\n0\r\n\r\n";
                    }
                    // fewer bytes announced than sent: the rest would be a next request, never read after a close
                    case 2 -> request.append("Content-Length: ").append(bytes.length / 2).append("\r\n");
                    case 3 -> request.append("Content-Length: ").append(pick("-1", "abc", "1, 2", "99999999999999999999"))
                            .append("\r\n");
                    default -> request.append("Content-Length: ").append(bytes.length).append("\r\n");
                }
            }
            request.append("Connection: close\r\n\r\n").append(framedBody);
            return request.toString();
        }

        private String target() {
            if (random.nextInt(40) == 0) {
                return pick("*", "/", "example.com:443", "http://localhost/health", "//", "/%", "/\u0000");
            }
            String path = oneOf(
                    () -> BASE + "/external-audience" + pick("", "/"),
                    () -> BASE + "/external-audience/" + segment(audienceId),
                    () -> BASE + "/external-audience/" + segment(audienceId) + "/runs" + pick("", "/"),
                    () -> BASE + "/external-audience/" + segment(audienceId) + "/runs/" + segment(runId),
                    () -> BASE + "/external-audience/" + segment(audienceId) + "/members",
                    () -> BASE + "/external-audiences/operations/" + segment("op"),
                    () -> BASE + "/external-audience/operations/" + segment("op"),
                    () -> BASE + "/external-audience/members/" + segment("email") + "/" + segment("ada@example.com"),
                    () -> pick("/health", "/metrics", "/openapi.json", "/nowhere", BASE, BASE + "/"),
                    () -> BASE + "/" + segment("x") + "/" + segment("y"));
            return random.nextInt(3) == 0 ? path + "?" + query() : path;
        }

        private String segment(String valid) {
            return random.nextInt(3) != 0 ? valid : pick("%FF", "%zz", "%", "%00", "%2F", "%2e%2e", "..", ".", "a b",
                    "\u00e9", "%C3%A9", "x".repeat(3_000), ";jsessionid=1", "a;b", "%5C", "\\",
                    "", "{id}", "'\"<>", valid + "%20");
        }

        private String query() {
            List<String> parameters = new ArrayList<>();
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                parameters.add(pick("limit", "start", "sortBy", "property", "", "%zz", "limit") + pick("=", "", "==")
                        + pick("1", "0", "-1", "41", "abc", "99999999999999999999", "status=SUCCESS", "status~X",
                        "createdAt%3C1683669114845", "createdAt<abc", "-createdAt", "+name", "name", "%FF", "%",
                        "name=contains%00", ""));
            }
            return String.join("&", parameters);
        }

        private Map<String, List<String>> headers() {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            TestServer.headers("prod").forEach((name, value) -> headers.put(name, List.of(value)));
            int faults = random.nextInt(3);
            for (int i = 0; i < faults; i++) {
                String header = pick("Authorization", "x-api-key", "x-gw-ims-org-id", "x-sandbox-name",
                        "Content-Type");
                String value = headers.getOrDefault(header, List.of("application/json")).get(0);
                switch (random.nextInt(6)) {
                    case 0 -> headers.remove(header);
                    case 1 -> headers.put(header, List.of(value, value));
                    case 2 -> headers.put(header, List.of(value, "other"));
                    case 3 -> headers.put(header, List.of(pick("", " ", "Bearer", "Bearer ", "x y", "org C@AdobeOrg",
                            "Prod", "../..", "\u00e9t\u00e9", "a".repeat(300), "*", "1234@AdobeOrg, 5678@AdobeOrg",
                            "text/plain", "application/json; charset=latin1", "application/jsonx")));
                    case 4 -> headers.put(header, List.of(value.toUpperCase()));
                    default -> headers.put(header, List.of(value + pick("\u00ff", ";", ",", "\t")));
                }
            }
            headers.putIfAbsent("Content-Type", List.of("application/json"));
            return headers;
        }

        private String body() {
            if (random.nextInt(4) == 0) {
                return null;
            }
            String valid = pick(ApiEndToEndTest.minimal("Gen" + random.nextInt(1_000_000)).strip(),
                    "{\"dataFilterStartTime\": 0}", "{\"ttlInDays\": 45}", "{\"description\": \"d\"}", "{}");
            return oneOf(
                    () -> valid,
                    () -> valid.substring(0, random.nextInt(valid.length())),
                    () -> valid + pick(" xyz", valid, " []", "\u0000", ","),
                    () -> valid.replaceFirst("\\{", "{" + pick("\"name\": \"a\", ", "\"ttlInDays\": 5, ",
                            "\"description\": null, ", "\"x\": [[[[[]]]]], ")),
                    () -> "[".repeat(random.nextInt(5_000)) + "]".repeat(random.nextInt(5_000)),
                    () -> pick("null", "[]", "\"text\"", "1e99999", "-0", "{\"ttlInDays\": 1e400}",
                            "{\"dataFilterStartTime\": 99999999999999999999999}", "{\"labels\": [\"\\ud800\"]}",
                            "{\"description\": \"\\u0000\"}", "\ufeff{}", "{\"a\":\"\u00ff\u00fe\"}"),
                    () -> {
                        StringBuilder noise = new StringBuilder();
                        int length = random.nextInt(200);
                        for (int i = 0; i < length; i++) {
                            noise.append((char) (random.nextInt(0x7F - 0x20) + 0x20));
                        }
                        return noise.toString();
                    });
        }
    }
}
