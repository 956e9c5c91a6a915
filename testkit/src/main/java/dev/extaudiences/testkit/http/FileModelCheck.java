package dev.extaudiences.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Random sequences of file drops and runs, against the implementation and against a reference model of CONTRACT.md
 * §2: one audience reads one file, rewritten by every drop with new rows (some rejected: an empty identity, a value
 * not an integer; some files without a declared column) and a modification time before, inside or after the window of
 * the runs that follow. After every run, the members listed must be exactly the model's. A disagreement is shrunk and
 * printed as the files and curl commands that show it.
 */
final class FileModelCheck {

    /** The modification times a drop may give, in minutes before the sequence started. */
    private static final List<Integer> MODIFIED_MINUTES_AGO = List.of(5, 30, 90, 180);
    /** The window starts a run may ask for, in minutes before the sequence started; 0 is "since 2023". */
    private static final List<Integer> SINCE_MINUTES_AGO = List.of(0, 60, 120);
    private static final List<String> TIERS = List.of("gold", "silver", "");
    private static final List<String> POINTS = List.of("10", "20", "", "lots");

    /** One row of a file: an identity among a few (or none: an empty identity), a tier, and points. */
    record Row(int who, String tier, String points) {
        String identity() {
            return who < 0 ? "" : "m" + who + "@example.com";
        }

        /** Whether the contract lets this row through: an identity, and points empty or an integer. */
        boolean valid() {
            return who >= 0 && !points.equals("lots");
        }
    }

    sealed interface Step {
    }

    /** Rewrites the audience's file, modified some minutes before the sequence started. */
    record Drop(List<Row> rows, int minutesAgo, boolean lacksPoints) implements Step {
        String csv() {
            StringBuilder csv = new StringBuilder(lacksPoints ? "email,tier\n" : "email,tier,points\n");
            rows.forEach(row -> csv.append(row.identity()).append(',').append(row.tier())
                    .append(lacksPoints ? "" : "," + row.points()).append('\n'));
            return csv.toString();
        }
    }

    /** A run over files modified since some minutes before the sequence started (0: since 2023). */
    record Run(boolean differential, int sinceMinutesAgo) implements Step {
    }

    static Gen<List<Step>> sequences() {
        Gen<Row> row = SourceDSL.integers().between(-1, 3).zip(Generate.pick(TIERS), Generate.pick(POINTS), Row::new);
        Gen<List<Row>> rows = SourceDSL.lists().of(row).ofSizeBetween(0, 4).map(FileModelCheck::oneRowPerIdentity);
        Gen<Boolean> lacksPoints = Generate.frequency(List.of(Pair.of(5, Generate.constant(false)),
                Pair.of(1, Generate.constant(true))));
        Gen<Step> step = Generate.frequency(List.of(
                Pair.of(1, rows.zip(Generate.pick(MODIFIED_MINUTES_AGO), lacksPoints,
                        (r, m, l) -> (Step) new Drop(r, m, l))),
                Pair.of(1, SourceDSL.booleans().all().zip(Generate.pick(SINCE_MINUTES_AGO),
                        (d, s) -> (Step) new Run(d, s)))));
        return SourceDSL.lists().of(step).ofSizeBetween(2, 8);
    }

    /** Which of two rows of one identity in one run wins is left open by the contract: a file never has two. */
    private static List<Row> oneRowPerIdentity(List<Row> rows) {
        Map<Integer, Row> byWho = new LinkedHashMap<>();
        rows.forEach(each -> byWho.putIfAbsent(each.who() < 0 ? -1 - byWho.size() : each.who(), each));
        return List.copyOf(byWho.values());
    }

    /** What the model knows of the audience: its id, its file as last dropped, its members, its runs. */
    private static final class Known {
        final String id;
        Drop file;
        Map<String, Map<String, String>> members = new TreeMap<>();
        int runs;

        Known(String id) {
            this.id = id;
        }
    }

    /** Runs a sequence in a sandbox of its own; answers null when every answer agreed, or the transcript when not. */
    static String disagreement(ApiClient base, List<Step> steps) {
        ApiClient api = new ApiClient(base.target().inSandbox("model-" + UUID.randomUUID().toString().substring(0, 8)));
        SourceFolder files = SourceFolder.of(api, "EA-MODEL-02");
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String path = files.path("members.csv");
        Known known = new Known(IngestionCalls.audience(api, "model audience", IngestionCalls.EMAIL_TIER_POINTS, path,
                "file"));
        List<String> transcript = new ArrayList<>();
        transcript.add("# an audience (" + known.id + ") reads the file " + path + ": fields email (identity), tier,"
                + " points (integer)");
        for (Step step : steps) {
            String problem = step instanceof Drop drop ? drop(files, started, drop, known, transcript)
                    : run(api, started, (Run) step, known, transcript);
            if (problem != null) {
                transcript.add("DISAGREES: " + problem);
                return String.join("\n", transcript);
            }
        }
        return null;
    }

    private static String drop(SourceFolder files, Instant started, Drop drop, Known known, List<String> transcript) {
        Instant modified = started.minus(drop.minutesAgo(), ChronoUnit.MINUTES);
        String path = files.place("members.csv", drop.csv(), modified);
        known.file = drop;
        transcript.add("# the file " + path + ", modified " + modified + " (" + modified.getEpochSecond() + "):\n"
                + drop.csv().strip().lines().map(line -> "#   " + line).collect(Collectors.joining("\n")));
        return null;
    }

    private static String run(ApiClient api, Instant started, Run run, Known known, List<String> transcript) {
        long since = run.sinceMinutesAgo() == 0 ? 1_700_000_000L
                : started.minus(run.sinceMinutesAgo(), ChronoUnit.MINUTES).getEpochSecond();
        ApiClient.Reply reply = record(transcript, api.call("POST", Calls.audiencePath(known.id) + "/runs",
                "{\"dataFilterStartTime\": " + since + ", \"differentialIngestion\": " + run.differential() + "}"));
        if (reply.status() == 422 && known.runs >= api.target().runsPerAudience()) {
            return null; // the audience's guardrail, which the contract allows
        }
        if (reply.status() != 200) {
            return "answered " + reply.status() + ", the model expects 200: " + reply.text();
        }
        known.runs++;
        JsonNode ended = Calls.awaitRunEnded(api, known.id, reply.json().path("runId").asText());
        String status = ended.path("status").asText();
        transcript.add("#   the run ended " + status);
        boolean selected = known.file != null
                && started.minus(known.file.minutesAgo(), ChronoUnit.MINUTES).getEpochSecond() >= since;
        if (known.file == null || selected && known.file.lacksPoints()) {
            // a missing path, or a file without a declared column: the run fails and changes nothing
            if (!status.equals("FAILED")) {
                return "the run ended " + status + ", the model expects FAILED (" + (known.file == null
                        ? "no file at the path" : "the file lacks the column points") + ")";
            }
        } else if (!selected && status.equals("FAILED")) {
            // a run that selects no file may fail or succeed reading nothing: the contract does not say; it changed
            // nothing either way when it failed
        } else if (!status.equals("SUCCESS")) {
            return "the run ended " + status + ", the model expects SUCCESS: " + ended;
        } else {
            apply(known, run.differential(), selected ? known.file.rows() : List.of());
        }
        ListedMembers listed = ListedMembers.required(api, known.id);
        transcript.add("# then: curl \"$BASE_URL" + ApiClient.BASE + Calls.audiencePath(known.id) + "/members\""
                + " lists " + listed.values());
        Membership expected = Membership.emailTierPoints();
        known.members.forEach((value, attributes) -> expected.member(value, "tier", attributes.get("tier"),
                "points", attributes.get("points")));
        try {
            expected.assertListed(listed, "the model after the run");
            return null;
        } catch (AssertionError disagreement) {
            return disagreement.getMessage();
        }
    }

    /** A differential run upserts the valid rows it read, a full run replaces the membership with exactly them. */
    private static void apply(Known known, boolean differential, List<Row> rows) {
        if (!differential) {
            known.members = new TreeMap<>();
        }
        for (Row row : rows) {
            if (row.valid()) {
                Map<String, String> attributes = new HashMap<>();
                attributes.put("tier", row.tier().isEmpty() ? null : row.tier());
                attributes.put("points", row.points().isEmpty() ? null : row.points());
                known.members.put(row.identity(), attributes);
            }
        }
    }

    private static ApiClient.Reply record(List<String> transcript, ApiClient.Reply reply) {
        transcript.add(reply.curl() + "\n    # answered " + reply.status());
        return reply;
    }

    private FileModelCheck() {
    }
}
