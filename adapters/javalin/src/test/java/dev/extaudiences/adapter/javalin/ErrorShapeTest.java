package dev.extaudiences.adapter.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.extaudiences.core.access.AccessVerdict;
import dev.extaudiences.core.port.in.GetOperationUseCase;
import dev.extaudiences.core.tenant.UserId;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every answer that is not a success has the contract's one JSON error shape, also when the request never reaches
 * the API (Jetty refuses it while parsing) and when the service itself fails: never an HTML page or a stack trace.
 */
class ErrorShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "connection string jdbc:secret@db-7";
    private static final String HEADERS = "Authorization: Bearer t\r\nx-api-key: k\r\nx-gw-ims-org-id: 1@AdobeOrg\r\n"
            + "x-sandbox-name: prod\r\n";

    private Javalin server;

    private record Answer(int status, Map<String, String> headers, JsonNode body) {
    }

    @BeforeEach
    void start() {
        GetOperationUseCase broken = (scope, id) -> {
            throw new IllegalStateException(SECRET);
        };
        server = JavalinApi.create(
                new ApiUseCases(null, broken, null, null, null, null, null, null, null, null, Map::of),
                request -> new AccessVerdict.Granted(new UserId("tester")),
                new HttpSettings("127.0.0.1", 0, 1_048_576, () -> true)).start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    @DisplayName("an unexpected exception is 500 100970-500 with a request id, and none of its text reaches the caller")
    void unexpectedExceptionIsAnInternalServerError() throws IOException {
        String raw = exchange("GET " + JavalinApi.BASE + "/external-audiences/operations/op-1 HTTP/1.1\r\n"
                + "Host: localhost\r\n" + HEADERS + "Connection: close\r\n\r\n");
        Answer answer = parse(raw);

        assertShape(answer, 500, "INTERNAL_SERVER_ERROR", "100970-500");
        assertThat(answer.body().get("detail").asText()).contains(answer.body().get("requestId").asText());
        assertThat(raw).doesNotContain("secret", "IllegalStateException", "at dev.", "Exception");
    }

    @Test
    @DisplayName("a path with broken percent-encoding is 400 100910-400, in JSON")
    void brokenPercentEncoding() throws IOException {
        Answer answer = parse(exchange("GET " + JavalinApi.BASE + "/external-audience/%zz HTTP/1.1\r\n"
                + "Host: localhost\r\n" + HEADERS + "Connection: close\r\n\r\n"));

        assertShape(answer, 400, "BAD_REQUEST", "100910-400");
        assertThat(answer.body().get("detail").asText()).startsWith("request: malformed HTTP request");
    }

    @Test
    @DisplayName("a header line without a colon, a missing Host and an unknown HTTP version are 400 100910-400, in JSON")
    void malformedRequestHead() throws IOException {
        for (String head : new String[] {"GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                "GET /health HTTP/1.1\r\n\r\n", "GET /health HTTP/7.1\r\nHost: x\r\n\r\n", "GARBAGE\r\n\r\n"}) {
            Answer answer = parse(exchange(head));
            assertShape(answer, 400, "BAD_REQUEST", "100910-400");
        }
    }

    @Test
    @DisplayName("headers or a URI larger than the server accepts are 431 and 414 with their own codes, in JSON")
    void oversizedHeadersAndUri() throws IOException {
        String big = "a".repeat(20_000);
        assertShape(parse(exchange("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n")),
                431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "100931-431");
        assertShape(parse(exchange("GET /health?x=" + big + " HTTP/1.1\r\nHost: x\r\n\r\n")),
                414, "URI_TOO_LONG", "100914-414");
    }

    private static void assertShape(Answer answer, int status, String title, String errorCode) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.headers().get("content-type")).startsWith("application/json");
        assertThat(answer.body().get("status").asInt()).isEqualTo(status);
        assertThat(answer.body().get("title").asText()).isEqualTo(title);
        assertThat(answer.body().get("errorCode").asText()).isEqualTo(errorCode);
        assertThat(answer.body().get("detail").asText()).isNotBlank();
        assertThat(answer.body().get("requestId").asText()).isEqualTo(answer.headers().get("x-request-id"));
    }

    /** Raw bytes, because a well-behaved HTTP client refuses to send most of these requests. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // read the head, then exactly Content-Length bytes: the server may keep the connection open
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int next = in.read();
                assertThat(next).as("an answer before the connection ends: " + head).isNotNegative();
                head.append((char) next);
            }
            Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            assertThat(length.find()).as("a Content-Length in " + head).isTrue();
            return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
        }
    }

    private static Answer parse(String raw) throws IOException {
        int split = raw.indexOf("\r\n\r\n");
        assertThat(split).as("a whole HTTP answer: " + raw).isPositive();
        String[] lines = raw.substring(0, split).split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, JSON.readTree(raw.substring(split + 4)));
    }
}
