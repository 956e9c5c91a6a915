package dev.extaudiences.app.http;

import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.http.Calls;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Whatever a client sends, the answer is a 4xx with the JSON error shape: never a 5xx, never a stack trace. */
class MalformedRequestsTest {

    @TempDir
    static Path data;
    static TestServer server;
    static String audienceId;

    @BeforeAll
    static void start() {
        server = new TestServer(data);
        audienceId = Calls.createdAudienceFrom(server.api("prod"), ApiEndToEndTest.minimal("Target"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertClientError(TestServer.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isBetween(400, 499);
        JsonNode body = reply.json();
        assertThat(body.get("status").asInt()).isEqualTo(reply.status());
        assertThat(body.get("errorCode").asText()).matches("1009\\d\\d-4\\d\\d");
        assertThat(body.get("detail").asText()).isNotBlank();
        assertThat(body.get("requestId").asText()).isNotBlank();
        assertThat(reply.text()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Bodies that break the create contract in one place, mixed with raw noise. */
    private static Gen<String> malformedCreateBodies() {
        String valid = ApiEndToEndTest.minimal("Generated");
        Gen<String> junkValue = Generate.pick(List.of("null", "[]", "{}", "-1", "1e999", "\"\"", "\" \"", "true",
                "\"x y\"", "12345678901234567890", "[null]", "\"\\u0000\"", "{\"a\": [[[]]]}"));
        Gen<String> replaced = Generate.pick(List.of("\"Generated\"", "\"string\"", "\"email\"", "\"crm/members.csv\"",
                "\"file\"", "\"CUSTOM_UPLOAD\"", "[{\"name\": \"email\"", "{\"path\"", "\"tier\""))
                .zip(junkValue, (target, junk) -> valid.replaceFirst(java.util.regex.Pattern.quote(target),
                        java.util.regex.Matcher.quoteReplacement(junk)));
        Gen<String> noise = strings().allPossible().ofLengthBetween(0, 60);
        Gen<String> truncated = integers().between(0, valid.length() - 2).map(cut -> valid.substring(0, cut));
        return Generate.oneOf(replaced, noise, truncated);
    }

    @Test
    @DisplayName("broken create bodies are a 4xx with the error shape (or, when the break left it valid, a 202)")
    void createBodies() {
        Property.forAll(150, malformedCreateBodies(), body -> {
            TestServer.Reply reply = server.call("POST", BASE + "/external-audience", body, TestServer.headers("prod"));
            if (reply.status() != 202) {
                assertClientError(reply);
            }
        });
    }

    @Test
    @DisplayName("malformed patch and run bodies are always a 4xx with the error shape")
    void patchAndRunBodies() {
        Gen<String> bodies = Generate.oneOf(strings().allPossible().ofLengthBetween(0, 40),
                Generate.pick(List.of("{\"ttlInDays\": 1000}", "{\"ttlInDays\": \"x\"}", "{\"labels\": \"core/C1\"}",
                        "{\"labels\": [1]}", "{\"fields\": {}}", "{\"fields\": [{}]}", "{\"description\": 5}",
                        "{\"dataFilterStartTime\": \"now\"}", "{\"dataFilterStartTime\": -5}", "{\"x\": 1}",
                        "{\"labels\": [\"no-slash\"]}", "{\"dataFilterStartTime\": 1, \"differentialIngestion\": \"yes\"}")));
        Property.forAll(150, bodies.zip(Generate.booleans(), (body, patch) -> Map.entry(body, patch)), input -> {
            boolean patch = input.getValue();
            TestServer.Reply reply = patch
                    ? server.call("PATCH", BASE + "/external-audience/" + audienceId, input.getKey(), TestServer.headers("prod"))
                    : server.call("POST", BASE + "/external-audience/" + audienceId + "/runs", input.getKey(),
                            TestServer.headers("prod"));
            if (reply.status() == 200 || reply.status() == 422) {
                // a body that happens to be valid (or a run already in progress) is not a malformed request
                return;
            }
            assertClientError(reply);
        });
    }

    @Test
    @DisplayName("malformed query strings on the runs list are always a 4xx naming the parameter")
    void runListQueries() {
        Gen<String> parameter = Generate.pick(List.of("limit", "start", "sortBy", "property"));
        Gen<String> value = Generate.oneOf(strings().allPossible().ofLengthBetween(0, 20),
                Generate.pick(List.of("-1", "0", "41", "abc", "99999999999999999999", "status~SUCCESS",
                        "createdAt<abc", "createdAt=contains1", "name<3", "-", "+name", "createdAt<12345678901234")));
        Property.forAll(200, parameter.zip(value, (name, raw) -> Map.entry(name, raw)), query -> {
            String path = BASE + "/external-audience/" + audienceId + "/runs?" + query.getKey() + "="
                    + URLEncoder.encode(query.getValue(), StandardCharsets.UTF_8);
            TestServer.Reply reply = server.call("GET", path, null, TestServer.headers("prod"));
            if (reply.status() != 200) {
                assertClientError(reply);
            }
        });
    }

    @Test
    @DisplayName("malformed or missing headers are always a 4xx with the error shape")
    void headers() {
        Gen<String> header = Generate.pick(List.of("Authorization", "x-api-key", "x-gw-ims-org-id", "x-sandbox-name"));
        Gen<String> value = Generate.oneOf(strings().ascii().ofLengthBetween(0, 300),
                Generate.pick(List.of("", " ", "Bearer", "Bearer ", "bearer x", "x".repeat(5000))));
        Property.forAll(150, header.zip(value, (name, raw) -> Map.entry(name, raw)), input -> {
            Map<String, String> headers = new LinkedHashMap<>(TestServer.headers("prod"));
            String cleaned = input.getValue().replaceAll("[\\r\\n\\x00-\\x1f\\x7f]", "");
            if (cleaned.isBlank()) {
                headers.remove(input.getKey());
            } else {
                headers.put(input.getKey(), cleaned.strip());
            }
            TestServer.Reply reply = server.call("GET", BASE + "/external-audience/" + audienceId, null, headers);
            if (reply.status() != 200 && reply.status() != 404) {
                assertClientError(reply);
            }
        });
    }
}
