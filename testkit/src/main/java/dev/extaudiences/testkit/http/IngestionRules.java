package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.IngestionCalls.EMAIL_TIER_POINTS;
import static dev.extaudiences.testkit.http.IngestionCalls.assertNames;
import static dev.extaudiences.testkit.http.IngestionCalls.assertStatus;
import static dev.extaudiences.testkit.http.IngestionCalls.audience;
import static dev.extaudiences.testkit.http.IngestionCalls.endedRun;
import static dev.extaudiences.testkit.http.IngestionCalls.since2023;
import static dev.extaudiences.testkit.http.IngestionCalls.window;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT.md §2, what a run does, as far as the public contract shows it: a run's status and stages. A file that
 * lacks a declared column fails any run that reads it (§2.2), which makes what a run read visible without the members:
 * such a file placed outside a run's window, or beside its source file, must not fail it.
 */
public interface IngestionRules extends Rules {

    /** The audiences here declare {@code points}; a file of this header fails a run that reads it. */
    String LACKS_POINTS = "email,tier\nbad@example.com,gold\n";
    String VALID = "email,tier,points\nada@example.com,gold,10\nbob@example.com,silver,20\n";

    @Test
    @Tag("required")
    @DisplayName("EA-ING-01: a run over a file of valid rows and a few rejected ones (an empty identity, a value not of its type) ends SUCCESS, listing DATASET_INGEST then PROFILE_STORE_INGEST")
    default void runOverAFileSucceeds() {
        SourceFolder files = SourceFolder.of(api(), "EA-ING-01");
        String path = files.place("members.csv", """
                email,tier,points
                ada@example.com,gold,10
                bob@example.com,silver,20
                ,gold,30
                cy@example.com,bronze,lots
                dan@example.com,gold,40
                """);
        String id = audience(api(), "Ingested", EMAIL_TIER_POINTS, path, "file");

        JsonNode run = endedRun(api(), id, since2023(true));

        assertStatus(run, "SUCCESS", "rejected rows are counted, not fatal (CONTRACT.md §2.2)");
        RunRules.assertStagesInOrder(run, run.toString());
        assertThat(run.path("details").findValuesAsText("stage")).as("a run that succeeded went through both"
                + " stages: %s", run).containsExactlyElementsOf(RunRules.STAGES);
    }

    /**
     * One folder holds a valid file a minute before a moment B, a valid file a minute after it, and a file that would
     * fail a run modified exactly at B; five windows place B before the start, at the start, inside, at the end and
     * after the end. Each window holds a valid file, so that no run depends on what an empty selection does.
     */
    @Test
    @Tag("required")
    @DisplayName("EA-ING-02: a run reads exactly the files modified in [dataFilterStartTime, dataFilterEndTime): one modified before the start, at the end or after it is not read, one at the start or inside is")
    default void timeWindow() {
        Needs.modificationTimes(api().target());
        SourceFolder files = SourceFolder.of(api(), "EA-ING-02");
        long b = Instant.now().minus(2, ChronoUnit.HOURS).getEpochSecond();
        files.place("early.csv", VALID, Instant.ofEpochSecond(b - 60));
        files.place("late.csv", VALID.replace("ada@", "ann@").replace("bob@", "ben@"), Instant.ofEpochSecond(b + 60));
        files.place("failing.csv", LACKS_POINTS, Instant.ofEpochSecond(b));
        record Window(String failingFile, long start, long end, String status) {
        }
        List<Window> windows = List.of(
                new Window("modified before the start", b + 1, b + 120, "SUCCESS"),
                new Window("modified at the start", b, b + 120, "FAILED"),
                new Window("modified inside", b - 120, b + 120, "FAILED"),
                new Window("modified at the end", b - 120, b, "SUCCESS"),
                new Window("modified after the end", b - 120, b - 1, "SUCCESS"));

        for (Window window : windows) {
            String id = audience(api(), "Window", EMAIL_TIER_POINTS, files.path(), "folder");
            JsonNode run = endedRun(api(), id, window(window.start(), window.end()));
            assertStatus(run, window.status(), "a file that fails a run, " + window.failingFile() + " of the window ["
                    + window.start() + ", " + window.end() + ") at " + b);
        }
    }

    @Test
    @Tag("required")
    @DisplayName("EA-ING-03: a file source reads its file alone, a folder source every file in the folder: a failing file beside the source file does not fail the first, and fails the second")
    default void fileOrFolder() {
        SourceFolder files = SourceFolder.of(api(), "EA-ING-03");
        String valid = files.place("members.csv", VALID);
        files.place("other.csv", LACKS_POINTS);
        String file = audience(api(), "One file", EMAIL_TIER_POINTS, valid, "file");
        String folder = audience(api(), "Whole folder", EMAIL_TIER_POINTS, files.path(), "folder");

        assertStatus(endedRun(api(), file, since2023(true)), "SUCCESS", "a file source reads only its file");
        assertStatus(endedRun(api(), folder, since2023(true)), "FAILED", "a folder source reads every file in it");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-ING-04: a file without a column for a declared field fails the run, which names the missing column")
    default void missingColumn() {
        SourceFolder files = SourceFolder.of(api(), "EA-ING-04");
        String path = files.place("members.csv", "email,tier\nada@example.com,gold\n");
        String id = audience(api(), "Missing column", """
                [{"name": "email", "type": "string", "identityNs": "email"}, {"name": "tier", "type": "string"},
                 {"name": "membershipLevel", "type": "string"}]""", path, "file");

        JsonNode run = endedRun(api(), id, since2023(true));

        assertStatus(run, "FAILED", "every declared field must have a column (CONTRACT.md §2.2)");
        assertNames(run, "membershipLevel");
    }
}
