package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertError;
import static dev.extaudiences.testkit.http.Calls.audiencePath;
import static dev.extaudiences.testkit.http.Calls.createBody;
import static dev.extaudiences.testkit.http.Calls.createdAudience;
import static dev.extaudiences.testkit.http.Calls.unique;
import static dev.extaudiences.testkit.http.IngestionCalls.EMAIL_TIER_POINTS;
import static dev.extaudiences.testkit.http.IngestionCalls.assertStatus;
import static dev.extaudiences.testkit.http.IngestionCalls.audience;
import static dev.extaudiences.testkit.http.IngestionCalls.endedRun;
import static dev.extaudiences.testkit.http.IngestionCalls.since2023;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT.md §1, headers, and §2.1: every resource belongs to one (org, sandbox), and a data landing zone is a
 * directory per (org, sandbox). The second org calls with the same sandbox name, so that only the org tells the two
 * apart.
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

    @Test
    @Tag("required")
    @DisplayName("EA-TENANT-04: a run reads the landing zone of its own sandbox: the same path in another sandbox holds a file that would fail it")
    default void landingZonePerSandbox() {
        SourceFolder mine = SourceFolder.of(api(), "EA-TENANT-04");
        ApiClient other = new ApiClient(api().target().inSandbox(api().target().otherSandbox()));
        SourceFolder theirs = mine.in(other);
        String path = mine.place("members.csv", IngestionRules.VALID);
        theirs.place("members.csv", IngestionRules.LACKS_POINTS);

        assertStatus(endedRun(api(), audience(api(), "Own sandbox", EMAIL_TIER_POINTS, path, "file"),
                since2023(true)), "SUCCESS", "this sandbox's file");
        assertStatus(endedRun(other, audience(other, "Other sandbox", EMAIL_TIER_POINTS, path, "file"),
                since2023(true)), "FAILED", "the other sandbox's file, at the same path");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-TENANT-05: a run reads the landing zone of its own org: the same sandbox name and path in another org holds a file that would fail it")
    default void landingZonePerOrg() {
        ApiClient other = Needs.otherOrg(api().target());
        SourceFolder mine = SourceFolder.of(api(), "EA-TENANT-05");
        SourceFolder theirs = mine.in(other);
        String path = mine.place("members.csv", IngestionRules.VALID);
        theirs.place("members.csv", IngestionRules.LACKS_POINTS);

        assertStatus(endedRun(api(), audience(api(), "Own org", EMAIL_TIER_POINTS, path, "file"),
                since2023(true)), "SUCCESS", "this org's file");
        assertStatus(endedRun(other, audience(other, "Other org", EMAIL_TIER_POINTS, path, "file"),
                since2023(true)), "FAILED", "the other org's file, at the same sandbox name and path");
    }

    @Test
    @Tag("extension")
    @DisplayName("EA-TENANT-06: another org, in a sandbox of the same name, sees none of this org's members: neither an audience's list nor the audiences an identity belongs to")
    default void membersPerOrg() {
        ApiClient theirs = Needs.otherOrg(api().target());
        SourceFolder files = SourceFolder.of(api(), "EA-TENANT-06");
        String identity = "ada-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String path = files.place("members.csv", "email,tier,points\n" + identity + ",gold,10\n");
        String id = audience(api(), "Org members", EMAIL_TIER_POINTS, path, "file");
        ListedMembers.required(api(), id);
        assertStatus(endedRun(api(), id, since2023(true)), "SUCCESS", "a run writing one member");
        assertThat(ListedMembers.required(api(), id).values()).containsExactly(identity);
        String lookup = "/external-audience/members/email/" + identity;
        assertThat(api().call("GET", lookup, null).text()).as("this org finds the member").contains(id);

        assertError(theirs.call("GET", audiencePath(id) + "/members", null), 404, "100940-404");
        ApiClient.Reply found = theirs.call("GET", lookup, null);
        assertThat(found.status()).as(found.toString()).isIn(200, 404);
        assertThat(found.text()).as("the other org finds nothing of this org's: %s", found).doesNotContain(id);
    }
}
