package dev.extaudiences.app.http;

import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.extaudiences.testkit.http.Calls;
import dev.extaudiences.testkit.http.RawHttp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a strict server refuses, each by name, as a user meets it through the real server: a credential or scope
 * header given twice, an org id or sandbox name of a shape the public service never issues, JSON that a lenient
 * parser would read one way and another parser another, and source paths no run could read. And HEAD tells what
 * GET would.
 */
class StrictRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CALLER_HEADERS =
            List.of("Authorization", "x-api-key", "x-gw-ims-org-id", "x-sandbox-name");

    @TempDir
    static Path data;
    static TestServer server;
    static String audienceId;

    @BeforeAll
    static void start() {
        server = new TestServer(data);
        audienceId = Calls.createdAudienceFrom(server.api("prod"), ApiEndToEndTest.minimal("Strict"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp.Answer raw(String method, String path, Map<String, List<String>> headers, String body) {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach((name, values) -> values.forEach(value -> request.append(name).append(": ").append(value)
                .append("\r\n")));
        if (body != null) {
            request.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        String bytes = request + (body == null ? "" : new String(body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1));
        return RawHttp.exchange("127.0.0.1", server.port(), bytes, 0);
    }

    private static Map<String, List<String>> callerHeaders() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        TestServer.headers("prod").forEach((name, value) -> headers.put(name, List.of(value)));
        return headers;
    }

    private static void assertRefusedNaming(TestServer.Reply reply, String named) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().get("errorCode").asText()).isEqualTo("100910-400");
        assertThat(reply.json().get("detail").asText()).as(reply.toString()).startsWith(named + ": ");
    }

    private static void assertRefusedNaming(RawHttp.Answer answer, String named) throws IOException {
        JsonNode body = JSON.readTree(answer.body());
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(body.get("errorCode").asText()).isEqualTo("100910-400");
        assertThat(body.get("detail").asText()).as(answer.body()).startsWith(named + ": ");
        assertThat(body.get("requestId").asText()).isEqualTo(answer.header("x-request-id"));
    }

    @Test
    @DisplayName("a credential or scope header given twice is 400 naming it, even when both values are the same")
    void duplicatedCallerHeaders() throws IOException {
        for (String header : CALLER_HEADERS) {
            Map<String, List<String>> headers = callerHeaders();
            String value = headers.get(header).get(0);
            for (List<String> twice : List.of(List.of(value, value), List.of(value, header.equals("x-sandbox-name")
                    ? "other" : header.equals("x-gw-ims-org-id") ? TestServer.OTHER_ORG : value + "-other"))) {
                headers.put(header, twice);
                assertRefusedNaming(raw("GET", BASE + "/external-audience/" + audienceId, headers, null), header);
            }
        }
    }

    @Test
    @DisplayName("an org id or sandbox name of a shape the public service never issues is 400 naming the header")
    void scopeHeadersOfTheWrongShape() {
        for (String org : List.of("org C@AdobeOrg", "1234", "1234@adobeorg", "x/y@AdobeOrg", "x:y@AdobeOrg",
                "..@AdobeOrg", "@AdobeOrg", "é@AdobeOrg")) {
            Map<String, String> headers = new LinkedHashMap<>(TestServer.headers("prod"));
            headers.put("x-gw-ims-org-id", org);
            assertRefusedNaming(server.call("GET", BASE + "/external-audience/" + audienceId, null, headers),
                    "x-gw-ims-org-id");
        }
        for (String sandbox : List.of("Prod", "x y", "x_y", "x/y", "..", "-prod", "a".repeat(129), "prod.eu")) {
            assertRefusedNaming(server.call("GET", BASE + "/external-audience/" + audienceId, null,
                    TestServer.headers(sandbox)), "x-sandbox-name");
        }
        assertThat(server.call("GET", BASE + "/external-audience/" + audienceId, null, TestServer.headers("prod"))
                .status()).isEqualTo(200);
        assertThat(server.call("GET", BASE + "/external-audience/" + audienceId, null,
                TestServer.headers("dev-2-eu")).status()).as("a well-shaped sandbox without the audience").isEqualTo(404);
    }

    @Test
    @DisplayName("JSON with data after the object, or a property given twice, is 400 naming the body")
    void jsonReadTwoWaysIsRefused() {
        String create = ApiEndToEndTest.minimal("Twice").strip();
        for (String body : List.of(create + " xyz", create + create, create + " []",
                create.replaceFirst("\\{", "{\"name\": \"Shadow\", "))) {
            assertRefusedNaming(server.call("POST", BASE + "/external-audience/", body), "body");
        }
        assertRefusedNaming(server.call("PATCH", BASE + "/external-audience/" + audienceId,
                "{\"ttlInDays\": 40, \"ttlInDays\": 50}"), "body");
        assertRefusedNaming(server.call("POST", BASE + "/external-audience/" + audienceId + "/runs",
                "{\"dataFilterStartTime\": 1} {\"dataFilterStartTime\": 2}"), "body");
        assertThat(server.get(BASE + "/external-audience/" + audienceId).json().get("ttlInDays").asInt())
                .as("the refused PATCH changed nothing").isEqualTo(30);
    }

    @Test
    @DisplayName("a source path with a control character or an absolute path is 400 naming sourceSpec.path at create")
    void sourcePathsNoRunCouldRead() {
        for (String path : List.of("crm\\u0000members.csv", "crm/\\u0007bell.csv", "/etc/passwd", "\\\\\\\\server\\\\share",
                "C:\\\\data\\\\x.csv")) {
            String body = ApiEndToEndTest.minimal("Path " + path.hashCode()).replace("crm/members.csv", path);
            assertRefusedNaming(server.call("POST", BASE + "/external-audience/", body), "sourceSpec.path");
        }
    }

    @Test
    @DisplayName("a name holding half of a surrogate pair or a control character is 400 naming it; a description may break lines")
    void textNoReaderCouldTakeBack() {
        for (String name : List.of("\\ud800", "a\\udc00b", "nul\\u0000", "two\\r\\nlines", "bell\\u0007")) {
            assertRefusedNaming(server.call("POST", BASE + "/external-audience/",
                    ApiEndToEndTest.minimal(name)), "name");
        }
        String lonely = "{\"description\": \"x\\ud800\", " + ApiEndToEndTest.minimal("Lonely").strip().substring(1);
        assertRefusedNaming(server.call("POST", BASE + "/external-audience/", lonely), "description");
        assertRefusedNaming(server.call("PATCH", BASE + "/external-audience/" + audienceId,
                "{\"description\": \"nul\\u0000\"}"), "description");
        assertThat(server.call("PATCH", BASE + "/external-audience/" + audienceId,
                "{\"description\": \"two\\nlines \\ud83d\\ude00\"}").status()).as("a whole pair is one character")
                .isEqualTo(200);
        assertThat(server.get(BASE + "/external-audience?limit=100").json().get("audiences").toString())
                .doesNotContain("ud800");
    }

    @Test
    @DisplayName("HEAD answers what GET would, status and headers, without the body")
    void headAnswersAsGetWould() {
        for (String path : List.of("/external-audience/" + audienceId, "/external-audience/no-such-audience",
                "/external-audience/" + audienceId + "/runs", "/external-audience/" + audienceId + "/runs/no-such-run",
                "/external-audiences/operations/no-such-operation", "/external-audience/no-such-audience/members")) {
            RawHttp.Answer get = raw("GET", BASE + path, callerHeaders(), null);
            RawHttp.Answer head = raw("HEAD", BASE + path, callerHeaders(), null);
            assertThat(head.status()).as("HEAD " + path).isEqualTo(get.status());
            assertThat(head.header("content-type")).as("HEAD " + path).isEqualTo(get.header("content-type"));
            assertThat(head.header("content-length")).as("HEAD " + path).isEqualTo(get.header("content-length"));
        }
        assertThat(raw("HEAD", BASE + "/external-audience/" + audienceId, Map.of(), null).status())
                .as("HEAD is authenticated as GET is").isEqualTo(401);
    }

    @Test
    @DisplayName("every JSON answer ends with a newline, so that answers printed one after another stay apart")
    void answersEndWithANewline() {
        assertThat(server.get(BASE + "/external-audience/" + audienceId).text()).endsWith("}\n");
        assertThat(server.get(BASE + "/external-audience/no-such-audience").text()).endsWith("}\n");
        assertThat(server.get("/health").text()).endsWith("}\n");
    }
}
