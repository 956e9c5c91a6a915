package dev.extaudiences.adapter.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.extaudiences.core.access.AccessVerdict;
import dev.extaudiences.core.port.in.GetOperationUseCase;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.http.RawHttp;
import io.javalin.Javalin;
import java.io.IOException;
import java.util.Map;
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
                TestUseCases.withOperations(broken),
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
        Answer answer = send("GET " + JavalinApi.BASE + "/external-audiences/operations/op-1 HTTP/1.1\r\n"
                + "Host: localhost\r\n" + HEADERS + "Connection: close\r\n\r\n");
        String raw = answer.headers() + " " + answer.body();

        assertShape(answer, 500, "INTERNAL_SERVER_ERROR", "100970-500");
        assertThat(answer.body().get("detail").asText()).contains(answer.body().get("requestId").asText());
        assertThat(raw).doesNotContain("secret", "IllegalStateException", "at dev.", "Exception");
    }

    @Test
    @DisplayName("a path with broken percent-encoding is 400 100910-400, in JSON")
    void brokenPercentEncoding() throws IOException {
        Answer answer = send(("GET " + JavalinApi.BASE + "/external-audience/%zz HTTP/1.1\r\n"
                + "Host: localhost\r\n" + HEADERS + "Connection: close\r\n\r\n"));

        assertShape(answer, 400, "BAD_REQUEST", "100910-400");
        assertThat(answer.body().get("detail").asText()).startsWith("request: malformed HTTP request");
    }

    @Test
    @DisplayName("a header line without a colon, a missing Host and an unknown HTTP version are 400 100910-400, in JSON")
    void malformedRequestHead() throws IOException {
        for (String head : new String[] {"GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                "GET /health HTTP/1.1\r\n\r\n", "GET /health HTTP/7.1\r\nHost: x\r\n\r\n", "GARBAGE\r\n\r\n"}) {
            Answer answer = send((head));
            assertShape(answer, 400, "BAD_REQUEST", "100910-400");
        }
    }

    @Test
    @DisplayName("headers or a URI larger than the server accepts are 431 and 414 with their own codes, in JSON")
    void oversizedHeadersAndUri() throws IOException {
        String big = "a".repeat(20_000);
        assertShape(send(("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n")),
                431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "100931-431");
        assertShape(send(("GET /health?x=" + big + " HTTP/1.1\r\nHost: x\r\n\r\n")),
                414, "URI_TOO_LONG", "100914-414");
    }

    @Test
    @DisplayName("a refusal Jetty makes is JSON whatever the method: a bad path on DELETE, big headers on PATCH, OPTIONS *")
    void jettyRefusalsOnEveryMethod() throws IOException {
        for (String method : new String[] {"DELETE", "PATCH", "PUT", "OPTIONS", "FOO"}) {
            assertShape(send(method + " " + JavalinApi.BASE + "/external-audience/%FF HTTP/1.1\r\nHost: x\r\n"
                    + HEADERS + "Connection: close\r\n\r\n"), 400, "BAD_REQUEST", "100910-400");
            assertShape(send(method + " /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"),
                    431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "100931-431");
        }
        assertShape(send("OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 404, "NOT_FOUND",
                "100940-404");
    }

    @Test
    @DisplayName("CONNECT is 405 in JSON, and the connection is closed at once rather than held for a tunnel")
    void connectIsRefusedAndClosed() {
        RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", server.port(),
                "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 3_000);
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.body()).contains("100905-405");
        assertThat(answer.closed()).as("closed within 3 s").isTrue();
    }

    @Test
    @DisplayName("a body with broken chunked framing is 400 naming the body, not a fault of the service")
    void brokenChunkedBody() throws IOException {
        for (String route : new String[] {"/external-audience/", "/external-audience/a-1/runs"}) {
            Answer answer = send("POST " + JavalinApi.BASE + route + " HTTP/1.1\r\nHost: x\r\n" + HEADERS
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "5\r\n{\"a\":\r\nZZ\r\n");
            assertShape(answer, 400, "BAD_REQUEST", "100910-400");
            assertThat(answer.body().get("detail").asText()).startsWith("body: ");
        }
        assertShape(send("PATCH " + JavalinApi.BASE + "/external-audience/a-1 HTTP/1.1\r\nHost: x\r\n" + HEADERS
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "3\r\n{}\r\n\r\nnot-a-size\r\n"), 400, "BAD_REQUEST", "100910-400");
    }

    @Test
    @DisplayName("refusals Jetty makes are counted in /metrics beside the routed requests")
    void refusalsAreCounted() throws IOException {
        send("DELETE " + JavalinApi.BASE + "/external-audience/%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        RawHttp.Answer metrics = RawHttp.exchange("127.0.0.1", server.port(),
                "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 0);
        assertThat(metrics.body()).contains(
                "http_server_requests_seconds_count{method=\"DELETE\",route=\"refused-before-routing\",status=\"400\"} 1");
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
    private Answer send(String request) throws IOException {
        RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", server.port(), request, 0);
        return new Answer(answer.status(), answer.headers(), JSON.readTree(answer.body()));
    }
}
