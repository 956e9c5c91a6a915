package dev.extaudiences.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The calls and checks the rules share: creating an audience, starting and awaiting runs, reading errors. */
public final class Calls {

    /** The title of each error code of the contract's table. */
    private static final Map<String, String> TITLES = Map.of(
            "100910-400", "BAD_REQUEST", "100911-400", "BAD_REQUEST",
            "100920-401", "UNAUTHORIZED", "100921-401", "UNAUTHORIZED", "100922-401", "UNAUTHORIZED",
            "100940-404", "NOT_FOUND", "100950-409", "DUPLICATE_RESOURCE", "100960-422", "UNPROCESSABLE_ENTITY",
            "100970-500", "INTERNAL_SERVER_ERROR", "100970-502", "BAD_GATEWAY");

    /** A start time before any file the kit could meet, so that the window never decides what a rule sees. */
    public static final String RUN_FROM_2023 = "{\"dataFilterStartTime\": 1700000000}";

    private Calls() {
    }

    /** A name no earlier pass of the kit used, so that passes never collide on a long-lived implementation. */
    public static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A create request in the shape of the guide's sample: string TTL, {@code params} wrapper, no {@code cloudType}.
     * The source path names a file that does not exist, so every run of it ends FAILED quickly and deterministically.
     */
    public static String createBody(String name) {
        return createBody(name, "conformance/no-such-file.csv", "file");
    }

    /** The same request reading {@code path} as a {@code type} source ({@code file} or {@code folder}). */
    public static String createBody(String name, String path, String type) {
        return """
                {"name": "%s", "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                 {"name": "tier", "type": "string", "labels": ["core/C2"]}],
                 "sourceSpec": {"params": {"path": "%s", "type": "%s"}},
                 "ttlInDays": "40", "labels": ["core/C1"], "audienceType": "people", "originName": "CUSTOM_UPLOAD"}
                """.formatted(name, path, type);
    }

    /** Creates an audience and waits until its operation has ended SUCCESS; answers the audience id. */
    public static String createdAudience(ApiClient api, String name) {
        return createdAudienceFrom(api, createBody(name));
    }

    public static String createdAudienceFrom(ApiClient api, String body) {
        ApiClient.Reply accepted = api.call("POST", "/external-audience/", body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode operation = api.awaitOperation(accepted.json().path("operationId").asText());
        assertThat(operation.path("status").asText()).as(operation.toString()).isEqualTo("SUCCESS");
        return operation.path("audienceId").asText();
    }

    public static String audiencePath(String audienceId) {
        return "/external-audience/" + audienceId;
    }

    /** Starts a run; answers the exchange (200 with a run, or a refusal). */
    public static ApiClient.Reply startRun(ApiClient api, String audienceId) {
        return api.call("POST", audiencePath(audienceId) + "/runs", RUN_FROM_2023);
    }

    /** Starts a run and waits until it has ended; answers the ended run. */
    public static JsonNode endedRun(ApiClient api, String audienceId) {
        ApiClient.Reply started = startRun(api, audienceId);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return awaitRunEnded(api, audienceId, started.json().path("runId").asText());
    }

    /** Polls a run until it is no longer PROCESSING (60 s at most); answers its last state. */
    public static JsonNode awaitRunEnded(ApiClient api, String audienceId, String runId) {
        return Polling.until(Duration.ofSeconds(60),
                () -> api.call("GET", audiencePath(audienceId) + "/runs/" + runId, null).json(),
                run -> !run.path("status").asText().equals("PROCESSING"));
    }

    /**
     * Waits past the second: what happens after this is stamped at least one second later than what happened before
     * by any clock counting in epoch seconds, without comparing the kit's clock with the implementation's.
     */
    public static void pastTheSecond() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The reply is the error the contract names, in the contract's shape: {@code status} equal to the HTTP status, the
     * table's {@code title} for the code, a {@code detail}, and a request id (a body property or a header).
     */
    public static void assertError(ApiClient.Reply reply, int status, String errorCode) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        JsonNode body = reply.json();
        assertThat(body.path("errorCode").asText()).as(reply.toString()).isEqualTo(errorCode);
        assertThat(body.path("status").asInt()).as("the body's status, in %s", reply).isEqualTo(status);
        assertThat(body.path("title").asText()).as("the body's title, in %s", reply).isEqualTo(TITLES.get(errorCode));
        assertThat(body.path("detail").asText()).as("the body's detail, in %s", reply).isNotBlank();
        assertThat(hasRequestId(body)).as("a request id in the body, in %s", reply).isTrue();
    }

    /** As {@link #assertError}, and the detail names what was wrong. */
    public static void assertErrorNaming(ApiClient.Reply reply, int status, String errorCode, String named) {
        assertError(reply, status, errorCode);
        assertThat(reply.json().path("detail").asText()).as("the detail names '%s', in %s", named, reply)
                .containsIgnoringCase(named);
    }

    /**
     * As {@link #assertError}, and the detail names at least one of {@code names}: where the contract asks a detail to
     * name what was wrong but leaves its wording open (a missing identity may be told by {@code identityNs} or by the
     * {@code fields} it is missing from), every fair name is accepted.
     */
    public static void assertErrorNamingOneOf(ApiClient.Reply reply, int status, String errorCode, List<String> names) {
        assertError(reply, status, errorCode);
        String detail = reply.json().path("detail").asText().toLowerCase(Locale.ROOT);
        assertThat(names.stream().anyMatch(name -> detail.contains(name.toLowerCase(Locale.ROOT))))
                .as("the detail names one of %s, in %s", names, reply).isTrue();
    }

    private static boolean hasRequestId(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next().toLowerCase().replace("_", "").replace("-", "");
            if (name.equals("requestid") || name.equals("xrequestid") || name.equals("traceid")) {
                return true;
            }
        }
        return false;
    }
}
