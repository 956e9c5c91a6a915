package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertError;
import static dev.extaudiences.testkit.http.Calls.assertErrorNamingOneOf;
import static dev.extaudiences.testkit.http.Calls.audiencePath;
import static dev.extaudiences.testkit.http.Calls.awaitRunEnded;
import static dev.extaudiences.testkit.http.Calls.createdAudience;
import static dev.extaudiences.testkit.http.Calls.startRun;
import static dev.extaudiences.testkit.http.Calls.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** CONTRACT.md §1, runs: {@code POST /external-audience/{id}/runs} and {@code GET .../runs/{runId}}. */
public interface RunRules extends Rules {

    List<String> RUN_PROPERTIES = List.of("audienceName", "audienceId", "runId", "differentialIngestion",
            "dataFilterStartTime", "dataFilterEndTime", "createdAt", "createdBy");

    /** The stages of the contract, in the order a run goes through them. */
    List<String> STAGES = List.of("DATASET_INGEST", "PROFILE_STORE_INGEST");

    /**
     * The contract names the two stages and their order, but not whether a stage that has not started is listed yet,
     * nor the names of a stage's statuses: a run may list both stages from its start or each as it starts, and a
     * stage's status is any text. What is required is that no other stage appears, none twice, and none out of order.
     */
    @Test
    @Tag("required")
    @DisplayName("EA-RUN-01: starting a run is 200 with a runId, and the run reads back with its status and stages among DATASET_INGEST then PROFILE_STORE_INGEST, in that order, each with a status")
    default void startRunAndReadIt() {
        String id = createdAudience(api(), unique("Runs"));

        ApiClient.Reply started = startRun(api(), id);

        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String runId = started.json().path("runId").asText();
        ApiClient.Reply run = api().call("GET", audiencePath(id) + "/runs/" + runId, null);
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.json().path("runId").asText()).as(run.toString()).isEqualTo(runId);
        assertThat(run.json().path("status").asText()).as(run.toString()).isIn("PROCESSING", "SUCCESS", "FAILED");
        assertStagesInOrder(run.json(), run.toString());
        JsonNode ended = awaitRunEnded(api(), id, runId);
        assertStagesInOrder(ended, ended.toString());
    }

    /** The stages listed are some of the contract's, each once, in its order, each with a status. */
    static void assertStagesInOrder(JsonNode run, String shown) {
        List<String> listed = run.path("details").findValuesAsText("stage");
        assertThat(STAGES).as("the stages listed are the contract's, in %s", shown).containsAll(listed);
        assertThat(listed).as("each stage once, in the contract's order, in %s", shown)
                .isEqualTo(STAGES.stream().filter(listed::contains).toList());
        run.path("details").forEach(stage -> assertThat(stage.path("status").asText())
                .as("a stage's status, in %s", shown).isNotBlank());
    }

    @Test
    @Tag("required")
    @DisplayName("EA-RUN-02: a run start answers the contract's properties: differentialIngestion defaults to true, dataFilterEndTime is null when absent, times in epoch seconds")
    default void runStartBody() {
        String name = unique("Run body");
        String id = createdAudience(api(), name);

        ApiClient.Reply started = startRun(api(), id);

        JsonNode run = started.json();
        RUN_PROPERTIES.forEach(property -> assertThat(run.has(property)).as("%s in %s", property, started).isTrue());
        assertThat(run.path("audienceId").asText()).as(started.toString()).isEqualTo(id);
        assertThat(run.path("audienceName").asText()).as(started.toString()).isEqualTo(name);
        assertThat(run.path("differentialIngestion").asBoolean(false)).as(started.toString()).isTrue();
        assertThat(run.path("dataFilterStartTime").asLong()).as(started.toString()).isEqualTo(1_700_000_000L);
        assertThat(run.path("dataFilterEndTime").isNull()).as("dataFilterEndTime is null, in %s", started).isTrue();
        assertThat(run.path("createdAt").asLong()).as("createdAt in epoch seconds").isBetween(1_500_000_000L,
                9_999_999_999L);
        awaitRunEnded(api(), id, run.path("runId").asText());
    }

    @Test
    @Tag("required")
    @DisplayName("EA-RUN-03: a run start without dataFilterStartTime, or ending before it starts, is 400 100910-400 naming the property")
    default void invalidRunStart() {
        String id = createdAudience(api(), unique("Bad runs"));
        Map<String, List<String>> invalid = Map.of(
                "{}", List.of("dataFilterStartTime"),
                "{\"dataFilterStartTime\": \"yesterday\"}", List.of("dataFilterStartTime"),
                // the two times are wrong together: a detail may name either one
                "{\"dataFilterStartTime\": 1700000000, \"dataFilterEndTime\": 1600000000}",
                List.of("dataFilterEndTime", "dataFilterStartTime"));

        invalid.forEach((body, named) -> assertErrorNamingOneOf(api().call("POST", audiencePath(id) + "/runs", body),
                400, "100910-400", named));
    }

    /**
     * Observed soundly from outside: when a second start is accepted and the first run still reads PROCESSING
     * afterwards, it was in progress when the second was accepted (a run never returns to PROCESSING). A fast
     * implementation whose runs end before the second call leaves nothing to observe, and passes.
     */
    @Test
    @Tag("required")
    @DisplayName("EA-RUN-04: a run may not start while another run of the audience is in progress: 422 100960-422")
    default void oneRunAtATime() {
        for (int attempt = 0; attempt < 5; attempt++) {
            String id = createdAudience(api(), unique("Busy"));
            ApiClient.Reply first = startRun(api(), id);
            assertThat(first.status()).as(first.toString()).isEqualTo(200);
            String firstRun = first.json().path("runId").asText();

            ApiClient.Reply second = startRun(api(), id);

            if (second.status() == 200) {
                ApiClient.Reply firstNow = api().call("GET", audiencePath(id) + "/runs/" + firstRun, null);
                assertThat(firstNow.json().path("status").asText())
                        .as("a second run was accepted (%s) while the first was still in progress (%s)", second,
                                firstNow)
                        .isNotEqualTo("PROCESSING");
            } else {
                assertError(second, 422, "100960-422");
            }
        }
    }

    @Test
    @Tag("required")
    @DisplayName("EA-RUN-05: runs of an audience that does not exist, and a run id that does not exist, are 404 100940-404")
    default void unknownRuns() {
        String missing = audiencePath("no-such-audience-" + unique("x").replace(' ', '-'));
        String id = createdAudience(api(), unique("Known"));

        assertError(api().call("POST", missing + "/runs", Calls.RUN_FROM_2023), 404, "100940-404");
        assertError(api().call("GET", missing + "/runs", null), 404, "100940-404");
        assertError(api().call("GET", audiencePath(id) + "/runs/no-such-run", null), 404, "100940-404");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-RUN-06: a run whose source file or folder does not exist ends FAILED, not SUCCESS and not PROCESSING for ever")
    default void missingSourceFails() {
        String file = createdAudience(api(), unique("Missing source"));
        String folder = Calls.createdAudienceFrom(api(), Calls.createBody(unique("Missing folder"),
                "conformance/no-such-folder-" + UUID.randomUUID(), "folder"));

        JsonNode fileRun = Calls.endedRun(api(), file);
        JsonNode folderRun = Calls.endedRun(api(), folder);

        assertThat(fileRun.path("status").asText()).as(fileRun.toString()).isEqualTo("FAILED");
        assertThat(folderRun.path("status").asText()).as(folderRun.toString()).isEqualTo("FAILED");
    }
}
