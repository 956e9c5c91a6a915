package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertError;
import static dev.extaudiences.testkit.http.Calls.assertErrorNaming;
import static dev.extaudiences.testkit.http.Calls.audiencePath;
import static dev.extaudiences.testkit.http.Calls.awaitRunEnded;
import static dev.extaudiences.testkit.http.Calls.createdAudience;
import static dev.extaudiences.testkit.http.Calls.startRun;
import static dev.extaudiences.testkit.http.Calls.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** CONTRACT.md §1, runs: {@code POST /external-audience/{id}/runs} and {@code GET .../runs/{runId}}. */
public interface RunRules extends Rules {

    List<String> RUN_PROPERTIES = List.of("audienceName", "audienceId", "runId", "differentialIngestion",
            "dataFilterStartTime", "dataFilterEndTime", "createdAt", "createdBy");

    @Test
    @Tag("required")
    @DisplayName("EA-RUN-01: starting a run is 200 with a runId, and the run reads back with its status and the stages DATASET_INGEST then PROFILE_STORE_INGEST")
    default void startRunAndReadIt() {
        String id = createdAudience(api(), unique("Runs"));

        ApiClient.Reply started = startRun(api(), id);

        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String runId = started.json().path("runId").asText();
        ApiClient.Reply run = api().call("GET", audiencePath(id) + "/runs/" + runId, null);
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.json().path("runId").asText()).as(run.toString()).isEqualTo(runId);
        assertThat(run.json().path("status").asText()).as(run.toString()).isIn("PROCESSING", "SUCCESS", "FAILED");
        assertThat(run.json().path("details").findValuesAsText("stage")).as(run.toString())
                .containsExactly("DATASET_INGEST", "PROFILE_STORE_INGEST");
        run.json().path("details").forEach(stage -> assertThat(stage.path("status").asText())
                .as("a stage's status, in %s", run).isIn("PENDING", "PROCESSING", "SUCCESS", "FAILED", "SKIPPED"));
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
        Map<String, String> invalid = Map.of(
                "{}", "dataFilterStartTime",
                "{\"dataFilterStartTime\": \"yesterday\"}", "dataFilterStartTime",
                "{\"dataFilterStartTime\": 1700000000, \"dataFilterEndTime\": 1600000000}", "dataFilterEndTime");

        invalid.forEach((body, named) -> assertErrorNaming(api().call("POST", audiencePath(id) + "/runs", body), 400,
                "100910-400", named));
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
    @DisplayName("EA-RUN-06: a run whose source file does not exist ends FAILED, not SUCCESS and not PROCESSING for ever")
    default void missingSourceFails() {
        String id = createdAudience(api(), unique("Missing source"));

        JsonNode run = Calls.endedRun(api(), id);

        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("FAILED");
    }
}
