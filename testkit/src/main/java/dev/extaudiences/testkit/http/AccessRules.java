package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertError;
import static dev.extaudiences.testkit.http.Calls.assertErrorNaming;
import static dev.extaudiences.testkit.http.Calls.audiencePath;
import static dev.extaudiences.testkit.http.Calls.createBody;
import static dev.extaudiences.testkit.http.Calls.createdAudience;
import static dev.extaudiences.testkit.http.Calls.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** CONTRACT.md §1, headers and isolation: the four headers, the access error codes, and one (org, sandbox) per resource. */
public interface AccessRules extends Rules {

    private ApiClient.Reply withHeaders(String method, String path, String body, Map<String, String> changes) {
        Map<String, String> headers = new LinkedHashMap<>(api().headers());
        changes.forEach((name, value) -> {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
        });
        return api().call(method, path, body, headers);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-HEADERS-01: a request missing any of the four headers is 401 100920-401 naming the header, on reads and writes")
    default void missingHeaders() {
        for (String header : List.of("Authorization", "x-api-key", "x-gw-ims-org-id", "x-sandbox-name")) {
            Map<String, String> without = new LinkedHashMap<>();
            without.put(header, null);
            assertErrorNaming(withHeaders("GET", "/external-audience/no-such-audience/runs", null, without), 401,
                    "100920-401", header);
            assertErrorNaming(withHeaders("POST", "/external-audience/", createBody(unique("Headless")), without),
                    401, "100920-401", header);
        }
    }

    @Test
    @Tag("required")
    @DisplayName("EA-HEADERS-02: a bearer token that is not valid is 400 100911-400")
    default void invalidToken() {
        assertError(withHeaders("GET", "/external-audience/no-such-audience/runs", null,
                Map.of("Authorization", "Bearer not-a-valid-token-" + unique("t").replace(' ', '-'))), 400,
                "100911-400");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-HEADERS-03: a valid token sent with an x-gw-ims-org-id it does not belong to is 401 100921-401")
    default void foreignOrg() {
        assertError(withHeaders("GET", "/external-audience/no-such-audience/runs", null,
                Map.of("x-gw-ims-org-id", "not-" + api().target().orgId())), 401, "100921-401");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-HEADERS-04: an x-api-key that may not use the API is 401 100922-401")
    default void foreignApiKey() {
        assertError(withHeaders("GET", "/external-audience/no-such-audience/runs", null,
                Map.of("x-api-key", "not-a-known-key-" + unique("k").replace(' ', '-'))), 401, "100922-401");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-TENANT-01: another sandbox's audience, runs and operations are 404 there, and calls from there change nothing")
    default void isolation() {
        String operationId = api().call("POST", "/external-audience/", createBody(unique("Private"))).json()
                .path("operationId").asText();
        String id = api().awaitOperation(operationId).path("audienceId").asText();
        String runId = Calls.startRun(api(), id).json().path("runId").asText();
        ApiClient other = new ApiClient(api().target().inSandbox(api().target().otherSandbox()));

        assertError(other.call("PATCH", audiencePath(id), "{\"ttlInDays\": 1}"), 404, "100940-404");
        assertError(other.call("GET", audiencePath(id) + "/runs", null), 404, "100940-404");
        assertError(other.call("GET", audiencePath(id) + "/runs/" + runId, null), 404, "100940-404");
        assertError(other.call("POST", audiencePath(id) + "/runs", Calls.RUN_FROM_2023), 404, "100940-404");
        assertError(other.call("GET", "/external-audiences/operations/" + operationId, null), 404, "100940-404");
        assertError(other.call("DELETE", audiencePath(id), null), 404, "100940-404");
        JsonNode mine = api().call("PATCH", audiencePath(id), "{}").json();
        assertThat(mine.path("ttlInDays").asInt()).as(mine.toString()).isEqualTo(40);
        Calls.awaitRunEnded(api(), id, runId);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-TENANT-02: the same name may be used in two sandboxes; each sandbox sees its own audience")
    default void namesPerSandbox() {
        String name = unique("Shared name");
        String mine = createdAudience(api(), name);
        ApiClient other = new ApiClient(api().target().inSandbox(api().target().otherSandbox()));

        String theirs = createdAudience(other, name);

        assertThat(theirs).isNotEqualTo(mine);
        assertThat(other.call("PATCH", audiencePath(theirs), "{}").json().path("audienceName").asText())
                .isEqualTo(name);
        assertError(api().call("PATCH", audiencePath(theirs), "{}"), 404, "100940-404");
    }
}
