package dev.extaudiences.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The calls the ingestion rules share: audiences over a rule's files, runs over a window, what a run says. */
final class IngestionCalls {

    /** An identity and two attributes: the schema most ingestion rules read. */
    static final String EMAIL_TIER_POINTS = """
            [{"name": "email", "type": "string", "identityNs": "email"}, {"name": "tier", "type": "string"},
             {"name": "points", "type": "integer"}]""";

    private IngestionCalls() {
    }

    /** Creates an audience of {@code fields} reading {@code path} as a {@code type} source; answers its id. */
    static String audience(ApiClient api, String name, String fields, String path, String type) {
        return Calls.createdAudienceFrom(api, """
                {"name": "%s", "fields": %s, "sourceSpec": {"path": "%s", "type": "%s"},
                 "originName": "CUSTOM_UPLOAD"}""".formatted(Calls.unique(name), fields, path, type));
    }

    /** A run over every file modified since 2023 (the window closing when the run starts). */
    static String since2023(boolean differential) {
        return "{\"dataFilterStartTime\": 1700000000, \"differentialIngestion\": " + differential + "}";
    }

    static String window(long start, long end) {
        return "{\"dataFilterStartTime\": " + start + ", \"dataFilterEndTime\": " + end + "}";
    }

    /** Starts a run (200) and waits until it has ended; answers the ended run. */
    static JsonNode endedRun(ApiClient api, String audienceId, String body) {
        ApiClient.Reply started = api.call("POST", Calls.audiencePath(audienceId) + "/runs", body);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return Calls.awaitRunEnded(api, audienceId, started.json().path("runId").asText());
    }

    static void assertStatus(JsonNode run, String status, String why) {
        assertThat(run.path("status").asText()).as("%s: %s", why, run).isEqualTo(status);
    }

    /**
     * The run names {@code word} somewhere in what it answers: the contract asks a failed run for a reason, not for
     * the property that carries it, so every property but the audience's own name is read.
     */
    static void assertNames(JsonNode run, String word) {
        JsonNode withoutName = run.deepCopy();
        if (withoutName.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) withoutName).remove("audienceName");
        }
        assertThat(withoutName.toString().toLowerCase(Locale.ROOT)).as("the run names '%s': %s", word, run)
                .contains(word.toLowerCase(Locale.ROOT));
    }
}
