package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.IngestionCalls.EMAIL_TIER_POINTS;
import static dev.extaudiences.testkit.http.IngestionCalls.assertNames;
import static dev.extaudiences.testkit.http.IngestionCalls.assertStatus;
import static dev.extaudiences.testkit.http.IngestionCalls.audience;
import static dev.extaudiences.testkit.http.IngestionCalls.endedRun;
import static dev.extaudiences.testkit.http.IngestionCalls.since2023;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT.md §2, what a run writes, seen through this project's extensions: the members of an audience ({@code GET
 * /external-audience/{id}/members}) and a run's metrics. The public contract shows neither, so these rules are
 * extensions; an implementation without the extension a rule reads has that rule skipped, saying which.
 */
public interface MemberRules extends Rules {

    /** An audience of the rule's file, once the implementation has shown it lists members (else the rule is skipped). */
    private String audienceListingMembers(String name, String fields, String path) {
        String id = audience(api(), name, fields, path, "file");
        ListedMembers.required(api(), id);
        return id;
    }

    @Test
    @Tag("extension")
    @DisplayName("EA-ING-05: a gzip-compressed file is read: a valid one ends SUCCESS, one without a declared column FAILED naming it")
    default void gzipFiles() {
        SourceFolder files = SourceFolder.of(api(), "EA-ING-05");
        String valid = files.placeGzip("valid.csv.gz", IngestionRules.VALID);
        String lacking = files.placeGzip("lacking.csv.gz", IngestionRules.LACKS_POINTS);
        String readable = audience(api(), "Gzip", EMAIL_TIER_POINTS, valid, "file");
        String failing = audience(api(), "Gzip lacking", EMAIL_TIER_POINTS, lacking, "file");

        assertStatus(endedRun(api(), readable, since2023(true)), "SUCCESS", "a valid gzip file");
        JsonNode run = endedRun(api(), failing, since2023(true));
        assertStatus(run, "FAILED", "a gzip file without a declared column");
        assertNames(run, "points");
    }

    @Test
    @Tag("extension")
    @DisplayName("EA-ING-06: a run writes one member per identity with its row's attributes; a rejected row is never written, not even in part, and the other rows are")
    default void rejectedRowsNeverWritten() {
        SourceFolder files = SourceFolder.of(api(), "EA-ING-06");
        String path = files.place("members.csv", IngestionRules.VALID);
        String id = audienceListingMembers("Rejected rows", EMAIL_TIER_POINTS, path);
        assertStatus(endedRun(api(), id, since2023(true)), "SUCCESS", "a file of valid rows");
        files.place("members.csv", """
                email,tier,points
                ada@example.com,platinum,lots
                cy@example.com,bronze,30
                ,gold,40
                dan@example.com,gold,4.5
                """);

        assertStatus(endedRun(api(), id, since2023(true)), "SUCCESS", "rejected rows are counted, not fatal");

        Membership.emailTierPoints()
                .member("ada@example.com", "tier", "gold", "points", "10")
                .member("bob@example.com", "tier", "silver", "points", "20")
                .member("cy@example.com", "tier", "bronze", "points", "30")
                .assertListed(ListedMembers.required(api(), id), "ada's row with points 'lots' is rejected whole, so"
                        + " ada keeps gold; dan's 4.5 is no integer; the empty identity is rejected");
    }

    @Test
    @Tag("extension")
    @DisplayName("EA-ING-07: every declared type is checked (integer, long, number, boolean, date, datetime, string): a value not of its type rejects its row, an empty attribute is a null, an empty identity rejects its row")
    default void everyTypeChecked() {
        String valid = "text,42,9000000000,2.5,true,2025-05-13,2025-05-23T20:19:00+00:00";
        List<String> rows = new ArrayList<>(List.of("email,s,i,l,n,b,d,t", "ok@example.com," + valid,
                "nulls@example.com,,,,,,,", "," + valid));
        Map<String, String> invalid = Map.of("i", "4.5", "l", "ten", "n", "abc", "b", "maybe", "d", "2025-13-45",
                "t", "yesterday");
        List<String> columns = List.of("s", "i", "l", "n", "b", "d", "t");
        invalid.forEach((column, value) -> {
            String[] values = valid.split(",");
            values[columns.indexOf(column)] = value;
            rows.add("bad-" + column + "@example.com," + String.join(",", values));
        });
        SourceFolder files = SourceFolder.of(api(), "EA-ING-07");
        String path = files.place("types.csv", String.join("\n", rows) + "\n");
        String id = audienceListingMembers("Types", """
                [{"name": "email", "type": "string", "identityNs": "email"}, {"name": "s", "type": "string"},
                 {"name": "i", "type": "integer"}, {"name": "l", "type": "long"}, {"name": "n", "type": "number"},
                 {"name": "b", "type": "boolean"}, {"name": "d", "type": "date"}, {"name": "t", "type": "datetime"}]""",
                path);

        assertStatus(endedRun(api(), id, since2023(true)), "SUCCESS", "rejected rows are counted, not fatal");

        Map<String, String> types = Map.of("s", "string", "i", "integer", "l", "long", "n", "number", "b", "boolean",
                "d", "date", "t", "datetime");
        Membership.typed(types)
                .member("ok@example.com", "s", "text", "i", "42", "l", "9000000000", "n", "2.5", "b", "true",
                        "d", "2025-05-13", "t", "2025-05-23T20:19:00+00:00")
                .member("nulls@example.com", "s", null, "i", null, "l", null, "n", null, "b", null, "d", null,
                        "t", null)
                .assertListed(ListedMembers.required(api(), id), "each bad-<column> row holds one value not of its"
                        + " column's type and is rejected; the row with an empty identity is rejected");
    }

    @Test
    @Tag("extension")
    @DisplayName("EA-ING-08: a differential run upserts what it read (members it did not read stay), a full run replaces the membership with exactly what it read")
    default void differentialAndFull() {
        SourceFolder files = SourceFolder.of(api(), "EA-ING-08");
        String path = files.place("members.csv", IngestionRules.VALID);
        String id = audienceListingMembers("Full and differential", EMAIL_TIER_POINTS, path);
        assertStatus(endedRun(api(), id, since2023(true)), "SUCCESS", "a first differential run");
        files.place("members.csv", "email,tier,points\nbob@example.com,platinum,21\ncy@example.com,bronze,30\n");

        assertStatus(endedRun(api(), id, since2023(true)), "SUCCESS", "a second differential run");
        Membership.emailTierPoints()
                .member("ada@example.com", "tier", "gold", "points", "10")
                .member("bob@example.com", "tier", "platinum", "points", "21")
                .member("cy@example.com", "tier", "bronze", "points", "30")
                .assertListed(ListedMembers.required(api(), id), "a differential run upserts bob and cy, ada stays");

        files.place("members.csv", "email,tier,points\ncy@example.com,gold,31\ndan@example.com,silver,40\n");
        assertStatus(endedRun(api(), id, since2023(false)), "SUCCESS", "a full run");
        Membership.emailTierPoints()
                .member("cy@example.com", "tier", "gold", "points", "31")
                .member("dan@example.com", "tier", "silver", "points", "40")
                .assertListed(ListedMembers.required(api(), id), "a full run replaces the membership with cy and dan");
    }

    @Test
    @Tag("extension")
    @DisplayName("EA-ING-09: a run that fails leaves the members of earlier runs as they were: a full run over a file without a declared column ends FAILED and changes no member")
    default void failedRunLeavesMembers() {
        SourceFolder files = SourceFolder.of(api(), "EA-ING-09");
        String path = files.place("members.csv", IngestionRules.VALID);
        String id = audienceListingMembers("Failing run", EMAIL_TIER_POINTS, path);
        assertStatus(endedRun(api(), id, since2023(true)), "SUCCESS", "a first run");
        files.place("members.csv", "email,tier\nada@example.com,platinum\ncy@example.com,bronze\n");

        assertStatus(endedRun(api(), id, since2023(false)), "FAILED", "a full run over a file without points");

        Membership.emailTierPoints()
                .member("ada@example.com", "tier", "gold", "points", "10")
                .member("bob@example.com", "tier", "silver", "points", "20")
                .assertListed(ListedMembers.required(api(), id), "the failed run changed nothing");
    }

    /**
     * The contract says one member per identity, not which of two rows for it wins: the attributes may be those of
     * the first row or of the last (either is accepted), but they are one row's, never a mix of two.
     */
    @Test
    @Tag("extension")
    @DisplayName("EA-ING-10: an identity read twice in one run is one member, with the attributes of one of its rows")
    default void duplicatesInOneRun() {
        SourceFolder files = SourceFolder.of(api(), "EA-ING-10");
        String path = files.place("members.csv", """
                email,tier,points
                ada@example.com,gold,1
                bob@example.com,silver,2
                ada@example.com,platinum,3
                """);
        String id = audienceListingMembers("Duplicates", EMAIL_TIER_POINTS, path);

        assertStatus(endedRun(api(), id, since2023(true)), "SUCCESS", "a file with one identity twice");

        ListedMembers listed = ListedMembers.required(api(), id);
        assertThat(listed.values()).as("each identity once, in%n%s", listed)
                .containsExactly("ada@example.com", "bob@example.com");
        JsonNode ada = listed.attributesByValue().get("ada@example.com");
        String row = ada.path("tier").asText() + "," + ada.path("points").asText();
        assertThat(row).as("ada's attributes are those of one of her rows, in%n%s", listed)
                .isIn("gold,1", "platinum,3");
    }

    /**
     * Expiry itself takes a day at the least (ttlInDays is 1..90) and cannot be seen within a pass. What can: each
     * member carries the time it was last ingested, from which it expires, a run that reads it again moves that time
     * forward and one that does not leaves it, and a TTL change keeps every member it still covers.
     */
    @Test
    @Tag("extension")
    @DisplayName("EA-ING-11: a member is stamped when it is ingested (lastIngestedAt, from which it expires after ttlInDays): a later run that reads it moves the stamp forward, one that does not leaves it, and a TTL change keeps the members it still covers")
    default void ingestionStampAndTtl() {
        SourceFolder files = SourceFolder.of(api(), "EA-ING-11");
        String path = files.place("members.csv", IngestionRules.VALID);
        String id = audienceListingMembers("Stamped members", EMAIL_TIER_POINTS, path);
        JsonNode first = endedRun(api(), id, since2023(true));
        assertStatus(first, "SUCCESS", "a first run");
        Map<String, Long> stamped = ListedMembers.required(api(), id).lastIngestedAt();
        assertThat(stamped.values()).as("each member stamped no earlier than its run was created: %s, run %s",
                stamped, first).allSatisfy(at -> assertThat(at).isGreaterThanOrEqualTo(
                first.path("createdAt").asLong()));
        files.place("members.csv", "email,tier,points\nbob@example.com,silver,20\n");
        Calls.pastTheSecond();

        assertStatus(endedRun(api(), id, since2023(true)), "SUCCESS", "a second run reading bob alone");

        Map<String, Long> restamped = ListedMembers.required(api(), id).lastIngestedAt();
        assertThat(restamped.get("bob@example.com")).as("bob read again: %s, before %s", restamped, stamped)
                .isGreaterThan(stamped.get("bob@example.com"));
        assertThat(restamped.get("ada@example.com")).as("ada not read again: %s, before %s", restamped, stamped)
                .isEqualTo(stamped.get("ada@example.com"));
        ApiClient.Reply shorter = api().call("PATCH", Calls.audiencePath(id), "{\"ttlInDays\": 1}");
        assertThat(shorter.status()).as(shorter.toString()).isEqualTo(200);
        assertThat(ListedMembers.required(api(), id).values()).as("a TTL of a day still covers members ingested"
                + " seconds ago").containsExactly("ada@example.com", "bob@example.com");
    }

    /**
     * The contract asks a run to count and sample its rejected rows with file, line and reason, not in which
     * properties: this project's {@code metrics} and {@code errors} are the extension checked here. Whether a line
     * counts the header (line 1) or only the data rows is left open: either numbering is accepted.
     */
    @Test
    @Tag("extension")
    @DisplayName("EA-ING-12: a run's metrics count its files, the rows read and the rows rejected, and its errors name the file, line and reason of each rejected row")
    default void runMetrics() {
        SourceFolder files = SourceFolder.of(api(), "EA-ING-12");
        String path = files.place("members.csv", """
                email,tier,points
                ada@example.com,gold,10
                ,gold,30
                cy@example.com,bronze,lots
                dan@example.com,gold,40
                """);
        String id = audience(api(), "Counted", EMAIL_TIER_POINTS, path, "file");

        JsonNode run = endedRun(api(), id, since2023(true));

        JsonNode metrics = run.path("metrics");
        if (!metrics.isObject() || !metrics.has("rowsRead")) {
            throw Needs.missing(Needs.METRICS_EXTENSION);
        }
        assertStatus(run, "SUCCESS", "rejected rows are counted, not fatal");
        assertThat(metrics.path("files").asLong()).as(run.toString()).isEqualTo(1);
        assertThat(metrics.path("rowsRead").asLong()).as(run.toString()).isEqualTo(4);
        assertThat(metrics.path("rowsRejected").asLong()).as(run.toString()).isEqualTo(2);
        List<Long> lines = new ArrayList<>();
        run.path("errors").forEach(error -> {
            assertThat(error.path("file").asText()).as("the file of %s", error).endsWith(path);
            assertThat(error.path("reason").asText()).as("the reason of %s", error).isNotBlank();
            lines.add(error.path("line").asLong());
        });
        assertThat(Set.copyOf(lines)).as("the lines of the rejected rows, counting the header or not: %s", run)
                .isIn(Set.of(3L, 4L), Set.of(2L, 3L));
    }
}
