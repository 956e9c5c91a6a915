package dev.extaudiences.app.http;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.extaudiences.testkit.MutableClock;
import dev.extaudiences.testkit.http.ApiClient;
import dev.extaudiences.testkit.http.Calls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that really read CSV files and write members, over HTTP, with a clock the test moves. */
class IngestionEndToEndTest {

    @TempDir
    static Path data;
    static TestServer server;
    static final MutableClock CLOCK = new MutableClock(Instant.now());

    @BeforeAll
    static void start() throws java.io.IOException {
        java.nio.file.Files.createDirectories(data.resolve("bucket"));
        server = new TestServer(data, Map.of(
                "EXTAUDIENCES_CONNECTIONS", "mounted=S3:" + data.resolve("bucket"),
                "EXTAUDIENCES_RUN_POLL_MILLIS", "50"), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String sandbox() {
        return "ing-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Path landing(String sandbox) {
        return data.resolve("landing").resolve(TestServer.ORG).resolve(sandbox);
    }

    static Path write(Path file, String content, Instant modified) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    static String audience(ApiClient api, String name, String sourceSpec) {
        return Calls.createdAudienceFrom(api, """
                {"name": "%s", "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                 {"name": "tier", "type": "string"}, {"name": "points", "type": "integer"},
                 {"name": "joined", "type": "date"}],
                 "sourceSpec": %s, "ttlInDays": 10, "originName": "CUSTOM_UPLOAD"}""".formatted(name, sourceSpec));
    }

    static ApiClient.Reply startRun(ApiClient api, String audienceId, String body) {
        ApiClient.Reply started = api.call("POST", Calls.audiencePath(audienceId) + "/runs", body);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return started;
    }

    static JsonNode runToEnd(ApiClient api, String audienceId, String body) {
        return Calls.awaitRunEnded(api, audienceId, startRun(api, audienceId, body).json().get("runId").asText());
    }

    static String window(Instant start, Boolean differential) {
        return "{\"dataFilterStartTime\": " + start.getEpochSecond()
                + (differential == null ? "" : ", \"differentialIngestion\": " + differential) + "}";
    }

    static List<String> members(ApiClient api, String audienceId) {
        JsonNode page = api.call("GET", Calls.audiencePath(audienceId) + "/members?limit=100", null).json();
        List<String> values = new ArrayList<>();
        page.get("members").forEach(member -> values.add(member.get("value").asText()));
        return values;
    }

    @Test
    void aLandingZoneFileWithGoodBadAndDuplicateRowsGivesExactCountsSamplesAndMembers() throws IOException {
        String sandbox = sandbox();
        ApiClient api = server.api(sandbox);
        String id = audience(api, "Gold", "{\"path\": \"crm/gold.csv\", \"type\": \"file\"}");
        write(landing(sandbox).resolve("crm/gold.csv"), """
                email,tier,points,joined,unused
                ada@example.com,gold,120,2025-05-13,x
                ,gold,1,2025-05-13,x
                bob@example.com,gold,lots,2025-05-13,x
                "cy@example.com","gold, plus",7,,x
                ada@example.com,platinum,130,2025-06-01,x
                """, CLOCK.instant().minusSeconds(60));

        JsonNode run = runToEnd(api, id, window(CLOCK.instant().minus(Duration.ofDays(1)), true));

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCESS");
        assertThat(run.get("details").get(0).get("status").asText()).isEqualTo("SUCCESS");
        assertThat(run.get("details").get(1).get("status").asText()).isEqualTo("SUCCESS");
        JsonNode metrics = run.get("metrics");
        assertThat(metrics.get("files").asInt()).isEqualTo(1);
        assertThat(metrics.get("rowsRead").asInt()).isEqualTo(5);
        assertThat(metrics.get("rowsRejected").asInt()).isEqualTo(2);
        assertThat(metrics.get("rowsDuplicated").asInt()).isEqualTo(1);
        assertThat(metrics.get("membersAdded").asInt()).isEqualTo(2);
        assertThat(metrics.get("membersWritten").asInt()).isEqualTo(2);
        assertThat(run.get("errors")).hasSize(2);
        assertThat(run.get("errors").get(0).toString()).contains("crm/gold.csv").contains("\"line\":3")
                .contains("\"column\":\"email\"");
        assertThat(run.get("errors").get(1).toString()).contains("\"line\":4").contains("points");
        assertThat(members(api, id)).containsExactly("ada@example.com", "cy@example.com");
        JsonNode memberships = api.call("GET", "/external-audience/members/email/ada@example.com", null).json()
                .get("memberships");
        assertThat(memberships).hasSize(1);
        assertThat(memberships.get(0).get("attributes").get("tier").asText()).isEqualTo("platinum");
        assertThat(server.api(sandbox + "-other").call("GET", "/external-audience/members/email/ada@example.com", null)
                .json().get("memberships")).isEmpty();
    }

    @Test
    void aFolderRunReadsOnlyFilesInsideTheWindowAndGzipToo() throws IOException {
        String sandbox = sandbox();
        ApiClient api = server.api(sandbox);
        String id = audience(api, "Drops", "{\"params\": {\"path\": \"drops\", \"type\": \"folder\"}}");
        Instant start = CLOCK.instant().minus(Duration.ofHours(5));
        Instant end = CLOCK.instant().minus(Duration.ofHours(1));
        String header = "email,tier,points,joined\n";
        write(landing(sandbox).resolve("drops/old.csv"), header + "old@example.com,a,1,\n", start.minusSeconds(1));
        write(landing(sandbox).resolve("drops/new.csv"), header + "new@example.com,a,1,\n", start.plusSeconds(10));
        write(landing(sandbox).resolve("drops/late.csv"), header + "late@example.com,a,1,\n", end);
        Path gz = landing(sandbox).resolve("drops/zipped.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write((header + "zip@example.com,a,1,\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.setLastModifiedTime(gz, FileTime.from(start.plusSeconds(20)));

        JsonNode run = runToEnd(api, id, "{\"dataFilterStartTime\": " + start.getEpochSecond()
                + ", \"dataFilterEndTime\": " + end.getEpochSecond() + "}");

        assertThat(run.get("metrics").get("files").asInt()).isEqualTo(2);
        assertThat(members(api, id)).containsExactly("new@example.com", "zip@example.com");
    }

    @Test
    void fullRunsReplaceDifferentialRunsUpsertAndTtlChangesApplyAtOnce() throws IOException {
        String sandbox = sandbox();
        ApiClient api = server.api(sandbox);
        String id = audience(api, "Churn", "{\"path\": \"churn.csv\", \"type\": \"file\"}");
        Path file = landing(sandbox).resolve("churn.csv");
        Instant since = CLOCK.instant().minus(Duration.ofDays(1));
        write(file, "email,tier,points,joined\na@example.com,x,1,\nb@example.com,x,1,\n", CLOCK.instant().minusSeconds(1));
        runToEnd(api, id, window(since, true));
        write(file, "email,tier,points,joined\nc@example.com,x,1,\n", CLOCK.instant().minusSeconds(1));
        runToEnd(api, id, window(since, true));
        assertThat(members(api, id)).containsExactly("a@example.com", "b@example.com", "c@example.com");

        write(file, "email,tier,points,joined\nb@example.com,y,2,\nd@example.com,y,2,\n", CLOCK.instant().minusSeconds(1));
        JsonNode full = runToEnd(api, id, window(since, false));
        assertThat(full.get("metrics").get("membersRemoved").asInt()).isEqualTo(2);
        assertThat(members(api, id)).containsExactly("b@example.com", "d@example.com");

        CLOCK.advance(Duration.ofDays(6));
        assertThat(members(api, id)).hasSize(2);
        api.call("PATCH", Calls.audiencePath(id), "{\"ttlInDays\": 5}");
        assertThat(members(api, id)).isEmpty();
        api.call("PATCH", Calls.audiencePath(id), "{\"ttlInDays\": 10}");
        assertThat(members(api, id)).hasSize(2);
        CLOCK.advance(Duration.ofDays(-6));
    }

    @Test
    void everyRunThatEndsIsLoggedOnceWithWhatItDidAndAFailureWithItsCauseAsAWarning() throws IOException {
        // the platform logger run ends go to; held here, as the logging framework holds it weakly
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.extaudiences.runs");
        List<java.util.logging.LogRecord> records = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Level before = log.getLevel();
        log.setLevel(java.util.logging.Level.ALL);
        log.addHandler(capture);
        try {
            String sandbox = sandbox();
            ApiClient api = server.api(sandbox);
            String id = audience(api, "Logged", "{\"path\": \"crm/logged.csv\", \"type\": \"file\"}");
            Path file = write(landing(sandbox).resolve("crm/logged.csv"),
                    "email,tier,points,joined\nada@example.com,gold,1,\n,gold,1,\nbob@example.com,gold,2,\n",
                    CLOCK.instant().minusSeconds(60));
            String succeeded = runToEnd(api, id, window(CLOCK.instant().minus(Duration.ofDays(1)), true))
                    .get("runId").asText();
            write(file, "email,tier\ncy@example.com,g\n", CLOCK.instant().minusSeconds(30));
            String failed = runToEnd(api, id, window(CLOCK.instant().minus(Duration.ofDays(1)), true))
                    .get("runId").asText();

            // each line is written on its worker's thread once the end is stored, which the API may show first
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(lines(records, succeeded)).hasSize(1);
                assertThat(lines(records, failed)).hasSize(1);
            });
            assertThat(lines(records, succeeded)).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.INFO);
                assertThat(record.getMessage()).contains("run " + succeeded + " of audience " + id)
                        .contains("sandbox " + sandbox).contains("succeeded")
                        .contains("3 rows read, 1 rejected, 2 added, 0 updated, 0 removed");
            });
            assertThat(lines(records, failed)).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
                assertThat(record.getMessage()).contains("run " + failed).contains("failed (SOURCE_DATA: ")
                        .contains("points");
            });
        } finally {
            log.removeHandler(capture);
            log.setLevel(before);
        }
    }

    private static List<java.util.logging.LogRecord> lines(List<java.util.logging.LogRecord> records, String runId) {
        synchronized (records) {
            return records.stream().filter(record -> record.getMessage().contains(runId)).toList();
        }
    }

    @Test
    void aConfiguredDirectoryConnectionIsReadAndAMissingColumnFailsTheRunNamingIt() throws IOException {
        String sandbox = sandbox();
        ApiClient api = server.api(sandbox);
        String id = audience(api, "Mounted",
                "{\"path\": \"exports/gold.csv\", \"type\": \"file\", \"baseConnectionId\": \"mounted\"}");
        write(data.resolve("bucket/exports/gold.csv"), "email,tier,points,joined\nm@example.com,g,1,\n",
                CLOCK.instant().minusSeconds(1));
        JsonNode run = runToEnd(api, id, window(CLOCK.instant().minus(Duration.ofDays(1)), true));
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCESS");
        assertThat(members(api, id)).containsExactly("m@example.com");

        write(data.resolve("bucket/exports/gold.csv"), "email,tier\nn@example.com,g\n", CLOCK.instant().minusSeconds(1));
        JsonNode failed = runToEnd(api, id, window(CLOCK.instant().minus(Duration.ofDays(1)), false));
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failure").get("reason").asText()).contains("points");
        assertThat(members(api, id)).containsExactly("m@example.com");
    }

    @Test
    void pathsThatEscapeTheirRootAreRefusedAndUnavailableStoragesAre422() throws IOException {
        String sandbox = sandbox();
        ApiClient api = server.api(sandbox);
        ApiEndToEndTest.assertError(api.call("POST", "/external-audience", """
                {"name": "Escape", "fields": [{"name": "email", "type": "string", "identityNs": "email"}],
                 "sourceSpec": {"path": "../../etc/passwd", "type": "file"}, "originName": "CUSTOM_UPLOAD"}"""),
                400, "100910-400", "sourceSpec.path");
        Files.createDirectories(landing(sandbox));
        Path outside = write(data.resolve("outside.csv"), "email\nx@example.com\n", CLOCK.instant().minusSeconds(1));
        Files.createSymbolicLink(landing(sandbox).resolve("link.csv"), outside);
        String linked = audience(api, "Linked", "{\"path\": \"link.csv\", \"type\": \"file\"}");
        ApiEndToEndTest.assertError(api.call("POST", Calls.audiencePath(linked) + "/runs",
                window(CLOCK.instant(), true)), 400, "100910-400", "sourceSpec.path");

        String azure = audience(api, "Azure",
                "{\"path\": \"x.csv\", \"type\": \"file\", \"cloudType\": \"Azure\"}");
        ApiEndToEndTest.assertError(api.call("POST", Calls.audiencePath(azure) + "/runs",
                window(CLOCK.instant(), true)), 422, "100960-422", "not available");
    }

    @Test
    void aFileCutWhileTheRunReadsItFailsTheRunNamingItAndTheMembersOfTheEarlierRunStay() throws Exception {
        String sandbox = sandbox();
        ApiClient api = server.api(sandbox);
        String id = audience(api, "Daily", "{\"path\": \"crm/daily.csv\", \"type\": \"file\"}");
        Path file = write(landing(sandbox).resolve("crm/daily.csv"), """
                email,tier,points,joined
                ada@example.com,gold,1,2025-05-13
                bob@example.com,gold,2,2025-05-13
                """, CLOCK.instant().minusSeconds(60));
        assertThat(runToEnd(api, id, window(CLOCK.instant().minus(Duration.ofDays(1)), false)).get("status")
                .asText()).isEqualTo("SUCCESS");
        // many staging batches: the run is still reading, its progress shown batch by batch, when the cut comes
        StringBuilder big = new StringBuilder("email,tier,points,joined\n");
        for (int i = 0; i < 100_000; i++) {
            big.append("member").append(i).append("@example.com,gold,").append(i).append(",2025-05-13\n");
        }
        write(file, big.toString(), CLOCK.instant().minusSeconds(30));
        long size = Files.size(file);

        ApiClient.Reply started = startRun(api, id, window(CLOCK.instant().minus(Duration.ofDays(1)), false));
        String runPath = Calls.audiencePath(id) + "/runs/" + started.json().get("runId").asText();
        JsonNode run = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(
                () -> api.call("GET", runPath, null).json(),
                progress -> !progress.get("status").asText().equals("PROCESSING")
                        || progress.get("metrics").get("rowsRead").asLong() > 0);
        assertThat(run.get("status").asText()).as("the run is still reading: " + run).isEqualTo("PROCESSING");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size / 2);
        }
        run = Calls.awaitRunEnded(api, id, started.json().get("runId").asText());

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("FAILED");
        assertThat(run.get("failure").get("cause").asText()).isEqualTo("SOURCE_DATA");
        assertThat(run.get("failure").get("reason").asText())
                .startsWith("file 'crm/daily.csv' changed while it was read (size ")
                .endsWith("; the run read nothing into the members");
        assertThat(run.get("metrics").get("membersRemoved").asInt()).isZero();
        assertThat(members(api, id)).containsExactlyInAnyOrder("ada@example.com", "bob@example.com");
    }

    @Test
    void aLastLineWithoutItsLineEndIsKeptAndTheRunsErrorsSayItMayBeIncomplete() throws IOException {
        String sandbox = sandbox();
        ApiClient api = server.api(sandbox);
        String id = audience(api, "Cut", "{\"path\": \"crm/cut.csv\", \"type\": \"file\"}");
        // the writer was cut inside the last value: "ne" of "new", still a valid tier
        write(landing(sandbox).resolve("crm/cut.csv"), "email,points,joined,tier\nada@example.com,1,2025-05-13,gold\n"
                + "bob@example.com,2,2025-05-13,ne", CLOCK.instant().minusSeconds(60));

        JsonNode run = runToEnd(api, id, window(CLOCK.instant().minus(Duration.ofDays(1)), true));

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCESS");
        assertThat(run.get("metrics").get("rowsRejected").asInt()).isZero();
        assertThat(run.get("errors")).hasSize(1);
        JsonNode warning = run.get("errors").get(0);
        assertThat(warning.get("file").asText()).isEqualTo("crm/cut.csv");
        assertThat(warning.get("line").asInt()).isEqualTo(3);
        assertThat(warning.get("column").asText()).as("the row as a whole").isEqualTo("*");
        assertThat(warning.get("reason").asText())
                .isEqualTo("the last line (line 3) has no line end: it may be incomplete");
        assertThat(members(api, id)).containsExactlyInAnyOrder("ada@example.com", "bob@example.com");
    }
}
