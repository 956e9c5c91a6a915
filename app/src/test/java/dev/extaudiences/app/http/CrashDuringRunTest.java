package dev.extaudiences.app.http;

import static org.awaitility.Awaitility.await;
import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator's check: kill -9 while a full run writes its members, start again on the same data, and the run is
 * not left in progress and reads SUCCESS if and only if its members are in (all of the replacing file, or none of
 * it). Where exactly the kill lands is up to timing; the moment that used to tear (the members committed, the outcome
 * not yet) is hit deterministically, in every store, by contract rules ING-13 and ING-14.
 */
class CrashDuringRunTest {

    private static final int EARLIER = 1_000;
    private static final int REPLACING = 100_000;

    @ParameterizedTest(name = "killed {0} ms into the profile stage")
    @ValueSource(ints = {0, 300})
    void aRunReadsSuccessIfAndOnlyIfItsMembersAreIn(int delayMillis, @TempDir Path temp) throws Exception {
        Path data = temp.resolve("data");
        Map<String, String> settings = Map.of("EXTAUDIENCES_RUN_LEASE_SECONDS", "5", "EXTAUDIENCES_RUN_POLL_MILLIS",
                "100", "EXTAUDIENCES_RUN_WORKERS", "1");
        Path file = data.resolve("landing").resolve(TestServer.ORG).resolve("prod").resolve("crm/members.csv");
        String audience;
        String runId;
        try (ChildServer first = ChildServer.start(data, settings)) {
            String operation = first.json("POST", BASE + "/external-audience/", ApiEndToEndTest.minimal("Crash"))
                    .get("operationId").asText();
            audience = awaitAudience(first, operation);
            members(file, "earlier", EARLIER, Instant.now().minusSeconds(3_600));
            awaitEnded(first, start(first, audience, true, 0));
            assertThat(totalMembers(first, audience)).isEqualTo(EARLIER);

            members(file, "replacing", REPLACING, Instant.now().minusSeconds(60));
            runId = start(first, audience, false, Instant.now().minusSeconds(600).getEpochSecond());
            awaitProfileStage(first, runId);
            ChildServer.pause(delayMillis);
            first.kill();
        }
        try (ChildServer second = ChildServer.start(data, settings)) {
            JsonNode run = awaitEnded(second, runId);
            long total = totalMembers(second, audience);
            boolean earlierIn = isMember(second, "earlier-1@example.com");
            boolean replacingIn = isMember(second, "replacing-1@example.com");
            if (run.get("status").asText().equals("SUCCESS")) {
                assertThat(total).as("a SUCCESS run's members are in: " + run).isEqualTo(REPLACING);
                assertThat(replacingIn && !earlierIn).as(run.toString()).isTrue();
            } else {
                assertThat(run.get("status").asText()).isEqualTo("FAILED");
                assertThat(total).as("a FAILED run changed nothing: " + run).isEqualTo(EARLIER);
                assertThat(earlierIn && !replacingIn).as(run.toString()).isTrue();
            }
        }
    }

    private static void members(Path file, String prefix, int count, Instant modified) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("email,tier\n");
            for (int i = 0; i < count; i++) {
                out.write(prefix + "-" + i + "@example.com,gold\n");
            }
        }
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    private static String awaitAudience(ChildServer server, String operation) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.json("GET", BASE + "/external-audiences/operations/" + operation, null),
                        answer -> answer.get("status").asText().equals("SUCCESS"))
                .get("audienceId").asText();
    }

    private static String start(ChildServer server, String audience, boolean differential, long from) {
        TestServer.Reply started = server.call("POST", BASE + "/external-audience/" + audience + "/runs",
                "{\"dataFilterStartTime\": " + from + ", \"differentialIngestion\": " + differential + "}");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return audience + "/runs/" + started.json().get("runId").asText();
    }

    private static JsonNode awaitEnded(ChildServer server, String runPath) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> server.json("GET", BASE + "/external-audience/" + runPath, null),
                        run -> !run.get("status").asText().equals("PROCESSING"));
    }

    /** Until the run writes its members (or has already ended): the window a crash must not tear. */
    private static void awaitProfileStage(ChildServer server, String runPath) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10))
                .until(() -> server.json("GET", BASE + "/external-audience/" + runPath, null),
                        run -> !run.get("status").asText().equals("PROCESSING") || writingMembers(run));
    }

    private static boolean writingMembers(JsonNode run) {
        for (JsonNode stage : run.get("details")) {
            if (stage.get("stage").asText().equals("PROFILE_STORE_INGEST")
                    && stage.get("status").asText().equals("PROCESSING")) {
                return true;
            }
        }
        return false;
    }

    private static long totalMembers(ChildServer server, String audience) {
        return server.json("GET", BASE + "/external-audience/" + audience + "/members?limit=1", null)
                .get("_page").get("totalCount").asLong();
    }

    private static boolean isMember(ChildServer server, String email) {
        return server.json("GET", BASE + "/external-audience/members/email/" + email, null)
                .get("memberships").size() > 0;
    }
}
