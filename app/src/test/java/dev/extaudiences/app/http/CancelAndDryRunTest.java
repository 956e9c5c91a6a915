package dev.extaudiences.app.http;

import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.extaudiences.adapter.jdbi.JdbiDatabase;
import dev.extaudiences.adapter.memory.InMemoryStores;
import dev.extaudiences.core.Stores;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.Race;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.io.IOException;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cancelling a run and dry runs, through the HTTP API, on each store: a run held at a byte of its file (a gate, not a
 * sleep) is cancelled while it reads, or released in a race with its cancel; a dry run reports what the run after it
 * then does. Two nodes sharing one PostgreSQL show that a cancel reaches a run executing on the other.
 */
class CancelAndDryRunTest {

    enum Store { MEMORY, H2, POSTGRESQL }

    private static final int ROWS = 20_000;
    private static EmbeddedPostgres postgres;

    @TempDir
    Path landing;
    private final String sandbox = "s" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static synchronized String postgresUrl() throws IOException {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().start();
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    private Stores stores(Store store) throws IOException {
        return switch (store) {
            case MEMORY -> InMemoryStores.create();
            case H2 -> database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
            case POSTGRESQL -> database(postgresUrl(), "postgres", "postgres");
        };
    }

    private Stores database(String url, String user, String password) {
        JdbiDatabase database = JdbiDatabase.open(url, user, password, 8);
        opened.add(database);
        return database.stores();
    }

    private GatedNode node(Stores stores, int workers, RunGuardrails guardrails) {
        GatedNode node = new GatedNode(stores, landing, workers, guardrails);
        opened.add(node);
        return node;
    }

    private GatedNode node(Store store) throws IOException {
        return node(stores(store), 1, RunGuardrails.DEFAULTS);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Store.class)
    void aRunCancelledWhileItReadsEndsFailedNamingTheCallerAndChangesNothing(Store store) throws Exception {
        GatedNode node = node(store);
        String audience = audience(node, "Cancelled while reading");
        members("earlier", 3);
        assertThat(awaitEnded(node, audience, start(node, audience, "true")).get("status").asText())
                .isEqualTo("SUCCESS");
        members("replacing", ROWS);
        node.gate.arm(Files.size(file()) / 2);
        String run = start(node, audience, "false");
        node.gate.awaitHeld();

        TestServer.Reply cancelled = node.call("POST", runPath(audience, run) + "/cancel", null, headers());

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(202);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("FAILED");
        assertThat(cancelled.json().get("failure").get("cause").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("failure").get("reason").asText()).isEqualTo("cancelled by alice@example.com");
        node.gate.release();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> node.stagingDropped(scope(), audience, run));
        JsonNode after = node.call("GET", runPath(audience, run), null, headers()).json();
        assertThat(after.get("failure").get("reason").asText()).isEqualTo("cancelled by alice@example.com");
        assertThat(after.get("metrics").get("rowsRead").asLong()).as("it stopped before the end of its file")
                .isLessThan(ROWS);
        assertThat(totalMembers(node, audience)).as("the members of earlier runs stay").isEqualTo(3);

        TestServer.Reply again = node.call("POST", runPath(audience, run) + "/cancel", null, headers());
        ApiEndToEndTest.assertError(again, 422, "100960-422", "has ended");
        ApiEndToEndTest.assertError(node.call("POST", runPath(audience, "no-such-run") + "/cancel", null, headers()),
                404, "100940-404", "no-such-run");
        Map<String, String> otherOrg = headers();
        otherOrg.put("Authorization", "Bearer " + TestServer.ANY_ORG_TOKEN);
        otherOrg.put("x-gw-ims-org-id", TestServer.OTHER_ORG);
        ApiEndToEndTest.assertError(node.call("POST", runPath(audience, run) + "/cancel", null, otherOrg), 404,
                "100940-404", audience);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Store.class)
    void aCancelRacingTheFinishEndsTheRunOneWayOnly(Store store) throws Exception {
        GatedNode node = node(store);
        int cancelled = 0;
        for (int round = 0; round < 4; round++) {
            String audience = audience(node, "Race " + round);
            members("earlier", 2);
            awaitEnded(node, audience, start(node, audience, "true"));
            members("round" + round, 2_000);
            // held at its last byte: released, it reads its last rows and merges, while the cancel comes
            node.gate.arm(Files.size(file()) - 1);
            String run = start(node, audience, "false");
            node.gate.awaitHeld();

            // in odd rounds the cancel comes once the run writes its members (or has ended): the other side of the race
            boolean late = round % 2 == 1;
            List<Integer> answers = Race.run(2, contender -> contender == 0 ? () -> {
                node.gate.release();
                return 0;
            } : () -> {
                if (late) {
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                            .until(() -> node.call("GET", runPath(audience, run), null, headers()).json(),
                                    CancelAndDryRunTest::mergingOrEnded);
                }
                return node.call("POST", runPath(audience, run) + "/cancel", null, headers()).status();
            });

            JsonNode ended = awaitEnded(node, audience, run);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> node.stagingDropped(scope(), audience, run));
            if (answers.get(1) == 202) {
                cancelled++;
                assertThat(ended.get("failure").get("cause").asText()).as(ended.toString()).isEqualTo("CANCELLED");
                assertThat(totalMembers(node, audience)).as("cancelled: no member changed").isEqualTo(2);
            } else {
                assertThat(answers.get(1)).isEqualTo(422);
                assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("SUCCESS");
                assertThat(totalMembers(node, audience)).as("finished: all of it merged").isEqualTo(2_000);
            }
        }
        System.out.println("cancel against finish on " + store + ": the cancel won " + cancelled + " of 4 rounds");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Store.class)
    void aDryRunReportsWhatTheRunAfterItDoesAndChangesNoMember(Store store) throws Exception {
        GatedNode node = node(store);
        String audience = audience(node, "Dry");
        write("email,tier\na@example.com,gold\nb@example.com,gold\nc@example.com,gold\n");
        awaitEnded(node, audience, start(node, audience, "true"));
        write("email,tier\nb@example.com,platinum\nd@example.com,gold\nd@example.com,silver\n,gold\n");
        String before = node.call("GET", BASE + "/external-audience/" + audience + "/members", null, headers()).text();

        JsonNode dry = awaitEnded(node, audience, start(node, audience, "false", ", \"dryRun\": true"));

        assertThat(dry.get("status").asText()).as(dry.toString()).isEqualTo("SUCCESS");
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("metrics").get("membersAdded").asLong()).isEqualTo(1);
        assertThat(dry.get("metrics").get("membersUpdated").asLong()).isEqualTo(1);
        assertThat(dry.get("metrics").get("membersRemoved").asLong()).isEqualTo(2);
        assertThat(dry.get("metrics").get("membersWritten").asLong()).as("a dry run writes none").isZero();
        assertThat(dry.get("metrics").get("rowsRejected").asLong()).isEqualTo(1);
        assertThat(dry.get("errors")).hasSize(1);
        assertThat(node.call("GET", BASE + "/external-audience/" + audience + "/members", null, headers()).text())
                .as("no member changed, nor when it was last ingested").isEqualTo(before);
        JsonNode real = awaitEnded(node, audience, start(node, audience, "false"));
        assertThat(real.has("dryRun")).as("an applied run reads as the contract has it").isFalse();
        assertThat(real.get("metrics").get("membersWritten").asLong()).as("what the run added and updated")
                .isEqualTo(2);
        assertThat(((ObjectNode) real.get("metrics").deepCopy())
                .put("membersWritten", 0)).as("the dry run's counts, but the members it wrote")
                .isEqualTo(dry.get("metrics"));
        assertThat(real.get("errors")).isEqualTo(dry.get("errors"));
        assertThat(totalMembers(node, audience)).isEqualTo(2);

        for (String notABoolean : List.of("\"yes\"", "\"true\"", "1", "[]", "{}")) {
            ApiEndToEndTest.assertError(node.call("POST", BASE + "/external-audience/" + audience + "/runs",
                    "{\"dataFilterStartTime\": 1, \"dryRun\": " + notABoolean + "}", headers()), 400, "100910-400",
                    "dryRun");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Store.class)
    void dryRunsCountTowardTheSandboxesDailyRunsButNotTheAudiences(Store store) throws Exception {
        GatedNode node = node(stores(store), 1, new RunGuardrails(1, 3));
        String audience = audience(node, "Guarded");
        members("m", 2);
        awaitEnded(node, audience, start(node, audience, "true"));
        ApiEndToEndTest.assertError(startReply(node, audience, "true", ""), 422, "100960-422", "audience");

        awaitEnded(node, audience, start(node, audience, "true", ", \"dryRun\": true"));
        awaitEnded(node, audience, start(node, audience, "false", ", \"dryRun\": true"));

        ApiEndToEndTest.assertError(startReply(node, audience, "true", ", \"dryRun\": true"), 422, "100960-422",
                "sandbox");
    }

    @Test
    void aCancelOnOneNodeStopsTheRunExecutingOnAnotherSharingPostgresql() throws Exception {
        String url = postgresUrl();
        GatedNode executing = node(database(url, "postgres", "postgres"), 1, RunGuardrails.DEFAULTS);
        GatedNode answering = node(database(url, "postgres", "postgres"), 0, RunGuardrails.DEFAULTS);
        String audience = audience(answering, "Two nodes");
        members("earlier", 3);
        awaitEnded(answering, audience, start(answering, audience, "true"));
        members("replacing", ROWS);
        executing.gate.arm(Files.size(file()) / 2);
        String run = start(answering, audience, "false");
        executing.gate.awaitHeld();

        TestServer.Reply cancelled = answering.call("POST", runPath(audience, run) + "/cancel", null, headers());
        executing.gate.release();

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> executing.stagingDropped(scope(), audience, run));
        for (GatedNode node : List.of(executing, answering)) {
            JsonNode ended = node.call("GET", runPath(audience, run), null, headers()).json();
            assertThat(ended.get("status").asText()).isEqualTo("FAILED");
            assertThat(ended.get("failure").get("reason").asText()).isEqualTo("cancelled by alice@example.com");
            assertThat(ended.get("metrics").get("rowsRead").asLong()).isLessThan(ROWS);
            assertThat(totalMembers(node, audience)).isEqualTo(3);
        }
    }

    private Map<String, String> headers() {
        return TestServer.headers(sandbox);
    }

    private TenantScope scope() {
        return TenantScope.of(TestServer.ORG, sandbox);
    }

    private Path file() {
        return landing.resolve(TestServer.ORG).resolve(sandbox).resolve("crm/members.csv");
    }

    private void members(String prefix, int count) throws IOException {
        Files.createDirectories(file().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file(), StandardCharsets.UTF_8)) {
            out.write("email,tier\n");
            for (int i = 0; i < count; i++) {
                out.write(prefix + "-" + i + "@example.com,gold\n");
            }
        }
        Files.setLastModifiedTime(file(), FileTime.from(Instant.now().minusSeconds(60)));
    }

    private void write(String csv) throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), csv);
        Files.setLastModifiedTime(file(), FileTime.from(Instant.now().minusSeconds(60)));
    }

    private String audience(GatedNode node, String name) {
        TestServer.Reply created = node.call("POST", BASE + "/external-audience/", ApiEndToEndTest.minimal(name),
                headers());
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String operation = created.json().get("operationId").asText();
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> node.call("GET", BASE + "/external-audiences/operations/" + operation, null, headers())
                        .json(), answer -> answer.get("status").asText().equals("SUCCESS"))
                .get("audienceId").asText();
    }

    private TestServer.Reply startReply(GatedNode node, String audience, String differential, String extra) {
        return node.call("POST", BASE + "/external-audience/" + audience + "/runs", "{\"dataFilterStartTime\": "
                + Instant.now().minusSeconds(3_600).getEpochSecond() + ", \"differentialIngestion\": " + differential
                + extra + "}", headers());
    }

    private String start(GatedNode node, String audience, String differential, String extra) {
        TestServer.Reply started = startReply(node, audience, differential, extra);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return started.json().get("runId").asText();
    }

    private String start(GatedNode node, String audience, String differential) {
        return start(node, audience, differential, "");
    }

    private static String runPath(String audience, String run) {
        return BASE + "/external-audience/" + audience + "/runs/" + run;
    }

    private JsonNode awaitEnded(GatedNode node, String audience, String run) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> node.call("GET", runPath(audience, run), null, headers()).json(),
                        answer -> !answer.get("status").asText().equals("PROCESSING"));
    }

    private static boolean mergingOrEnded(JsonNode run) {
        return !run.get("status").asText().equals("PROCESSING")
                || !run.get("details").get(1).get("status").asText().equals("PENDING");
    }

    private long totalMembers(GatedNode node, String audience) {
        return node.call("GET", BASE + "/external-audience/" + audience + "/members?limit=1", null, headers()).json()
                .get("_page").get("totalCount").asLong();
    }
}
