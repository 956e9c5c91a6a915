package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertError;
import static dev.extaudiences.testkit.http.Calls.audiencePath;
import static dev.extaudiences.testkit.http.Calls.createBody;
import static dev.extaudiences.testkit.http.Calls.createdAudience;
import static dev.extaudiences.testkit.http.Calls.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT.md §1, headers: every resource belongs to one (org, sandbox). The second org calls with the same sandbox
 * name, so that only the org tells the two apart.
 */
public interface IsolationRules extends Rules {

    @Test
    @Tag("required")
    @DisplayName("EA-TENANT-03: another org, in a sandbox of the same name, sees none of this org's audiences, runs and operations, changes nothing, and may use the same audience name")
    default void otherOrg() {
        ApiClient theirs = Needs.otherOrg(api().target());
        String name = unique("Org private");
        String operationId = api().call("POST", "/external-audience/", createBody(name)).json()
                .path("operationId").asText();
        String id = api().awaitOperation(operationId).path("audienceId").asText();
        String runId = Calls.startRun(api(), id).json().path("runId").asText();

        assertError(theirs.call("GET", audiencePath(id) + "/runs", null), 404, "100940-404");
        assertError(theirs.call("GET", audiencePath(id) + "/runs/" + runId, null), 404, "100940-404");
        assertError(theirs.call("GET", "/external-audiences/operations/" + operationId, null), 404, "100940-404");
        assertError(theirs.call("PATCH", audiencePath(id), "{\"ttlInDays\": 1}"), 404, "100940-404");
        assertError(theirs.call("POST", audiencePath(id) + "/runs", Calls.RUN_FROM_2023), 404, "100940-404");
        assertError(theirs.call("DELETE", audiencePath(id), null), 404, "100940-404");
        String theirsOfTheName = createdAudience(theirs, name);

        assertThat(theirsOfTheName).as("the other org's audience of the same name").isNotEqualTo(id);
        JsonNode mine = api().call("PATCH", audiencePath(id), "{}").json();
        assertThat(mine.path("ttlInDays").asInt()).as(mine.toString()).isEqualTo(40);
        assertError(api().call("PATCH", audiencePath(theirsOfTheName), "{}"), 404, "100940-404");
        Calls.awaitRunEnded(api(), id, runId);
    }
}
