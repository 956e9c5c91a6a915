package dev.extaudiences.app.bench;

import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Times whole runs through the real server, started as its own process with a small heap: from POST .../runs to
 * SUCCESS, for a new audience and for a full re-ingest of the same file, on embedded H2 and on PostgreSQL, beside what
 * PostgreSQL itself needs for the same rows (COPY into a staging table, then one INSERT ... SELECT). Prints a table;
 * asserts nothing. Run it as app/BENCHMARKS.md says.
 */
public final class IngestionBenchmark {

    static final String TOKEN = "bench-token";
    static final String KEY = "bench-key";
    static final String ORG = "bench@AdobeOrg";

    /** A run's {@code metrics.membersWritten}, as the server writes it. */
    static final Pattern MEMBERS_WRITTEN = Pattern.compile("\"membersWritten\":(\\d+)");
    static final String SANDBOX = "bench";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> JVM_OPTIONS = new ArrayList<>();

    private IngestionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int rows = Integer.parseInt(options.getOrDefault("rows", "1000000"));
        String heap = options.getOrDefault("heap", "256m");
        // --jvm "-XX:... -XX:..." passes options to the server's JVM: a flight recording, a compiler setting
        String jvm = options.getOrDefault("jvm", "").trim();
        if (!jvm.isEmpty()) {
            JVM_OPTIONS.addAll(List.of(jvm.split("\\s+")));
        }
        Path jar = jar(options.get("jar"));
        Path work = WorkDirectory.create("extaudiences-bench");
        Path csv = work.resolve("members.csv");
        // --duplicates P: P rows in a hundred repeat an identity (the plain-SQL baselines assume none: they are skipped)
        int duplicates = Integer.parseInt(options.getOrDefault("duplicates", "0"));
        generate(csv, rows, duplicates);
        System.out.printf("%,d rows%s, %,d bytes of CSV, server heap -Xmx%s, %d cores%n", rows,
                duplicates == 0 ? "" : " (" + duplicates + " in 100 repeating an identity)", Files.size(csv), heap,
                Runtime.getRuntime().availableProcessors());

        // each line as soon as it is measured: a long benchmark shows where it is, and keeps what it measured
        System.out.println(String.format("%-12s %-26s %10s %12s %14s %16s %12s", "database", "run", "seconds",
                "rows/s", "peak heap MiB", "read / merge s", "H2 file MiB"));
        String databases = options.getOrDefault("databases", "h2,pg");
        // --reingest false measures a new audience only, --baselines false skips the databases' own figures
        // --reingests N repeats the full re-ingest N times: what the database file grows to over many runs
        int reingests = Boolean.parseBoolean(options.getOrDefault("reingest", "true"))
                ? Integer.parseInt(options.getOrDefault("reingests", "1")) : 0;
        List<String> runs = new ArrayList<>(List.of("new audience (full)"));
        for (int i = 1; i <= reingests; i++) {
            runs.add(reingests == 1 ? "re-ingest (full)" : "re-ingest (full) " + i + "/" + reingests);
        }
        // --idle S leaves the server S seconds with nothing to do before it is stopped
        long idle = Long.parseLong(options.getOrDefault("idle", "0"));
        boolean baselines = duplicates == 0 && Boolean.parseBoolean(options.getOrDefault("baselines", "true"));
        if (options.getOrDefault("identities", "").equals("compare")) {
            // --identities compare: what the namespace rules cost, with and without, side by side in this one run
            // --order rule-first measures each rule before its trim-only twin, to tell order from cost on a loaded machine
            compareIdentityRules(databases, work, rows, heap, jar,
                    options.getOrDefault("order", "trim-first").equals("rule-first"));
            return;
        }
        // the server's runs and the databases' own figures, side by side once everything is measured
        // --repeat N measures it all N times over, each round a fresh server beside fresh baselines, and prints the
        // median of each ratio: on a shared machine one round's ratio can move by half from one round to the next
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "1"));
        List<Compared> compared = new ArrayList<>();
        for (int round = 1; round <= repeat; round++) {
            String suffix = repeat == 1 ? "" : "-" + round;
            if (databases.contains("h2")) {
                List<double[]> server = measure("H2", Map.of(), work.resolve("h2" + suffix), csv, rows, heap, jar,
                        runs, idle);
                if (baselines) {
                    compared.addAll(compared(round, server,
                            h2Baseline(work.resolve("h2-baseline" + suffix), csv, rows)));
                }
            }
            if (databases.contains("pg")) {
                try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
                    String url = postgres.getJdbcUrl("postgres", "postgres");
                    List<double[]> server = measure("PostgreSQL", Map.of("EXTAUDIENCES_DATABASE_URL", url,
                            "EXTAUDIENCES_DATABASE_USER", "postgres", "EXTAUDIENCES_DATABASE_PASSWORD", "postgres"),
                            work.resolve("pg" + suffix), csv, rows, heap, jar, runs, idle);
                    if (baselines) {
                        compared.addAll(compared(round, server, baseline(url, csv, rows)));
                    }
                }
            }
        }
        if (!compared.isEmpty()) {
            print(List.of("", "The server's run beside the database's own plain SQL for the same file (ratio: the"
                    + " server's seconds over the baseline's):", String.format("%-5s %-12s %-24s %9s  %-38s %9s %7s",
                    "round", "database", "server", "seconds", "baseline", "seconds", "ratio")));
            print(compared.stream().map(Compared::line).toList());
        }
        if (repeat > 1 && !compared.isEmpty()) {
            print(medians(compared, repeat));
        }
        System.out.printf("load average at the end: %s%n", LoadBenchmark.load());
    }

    /** One of the server's figures beside one baseline's, in one round of the harness. */
    private record Compared(int round, String label, double seconds, Baseline baseline) {

        double ratio() {
            return seconds / baseline.seconds();
        }

        String line() {
            return String.format("%-5d %-12s %-24s %9.1f  %-38s %9.1f %6.2fx", round, baseline.database(), label,
                    seconds, baseline.what(), baseline.seconds(), ratio());
        }
    }

    /**
     * Each baseline beside the server's figure for the same work: the read stage beside the raw bulk read, the new
     * audience's run beside the plain insert, the first re-ingest beside the plain upsert and delete; and the first
     * re-ingest's read stage beside the raw bulk read too. That read stage does the same work as the new audience's,
     * on a server whose code is compiled by then: the new audience's is the first work of a fresh JVM, and on two
     * cores its JIT compilers take more processor time during it than the reading thread does.
     */
    private static List<Compared> compared(int round, List<double[]> server, List<Baseline> baselines) {
        List<Compared> lines = new ArrayList<>();
        String[] labels = {"read stage (new)", "new audience (full)", "re-ingest (full)"};
        double[] figures = {server.get(0)[1], server.get(0)[0], server.size() > 1 ? server.get(1)[0] : Double.NaN};
        for (int i = 0; i < baselines.size() && i < labels.length; i++) {
            if (!Double.isNaN(figures[i])) {
                lines.add(new Compared(round, labels[i], figures[i], baselines.get(i)));
            }
        }
        if (server.size() > 1 && !baselines.isEmpty()) {
            lines.add(1, new Compared(round, "read stage (re-ingest)", server.get(1)[1], baselines.get(0)));
        }
        if (baselines.size() > labels.length) {
            // the bytes alone, in no order: less than any reading that keeps the file's order can cost
            Baseline bare = baselines.get(labels.length);
            lines.add(new Compared(round, "read stage (new)", server.get(0)[1], bare));
            if (server.size() > 1) {
                lines.add(new Compared(round, "read stage (re-ingest)", server.get(1)[1], bare));
            }
        }
        return lines;
    }

    /** Per figure and baseline, the median of the rounds' ratios, and the smallest and the largest. */
    private static List<String> medians(List<Compared> compared, int rounds) {
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (Compared one : compared) {
            ratios.computeIfAbsent(String.format("%-12s %-24s %-38s", one.baseline().database(), one.label(),
                    one.baseline().what()), key -> new ArrayList<>()).add(one.ratio());
        }
        List<String> lines = new ArrayList<>(List.of("", "Over " + rounds + " rounds, each ratio's median (smallest,"
                + " largest):", String.format("%-12s %-24s %-38s %7s  %s", "database", "server", "baseline",
                "median", "range")));
        ratios.forEach((key, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            lines.add(String.format("%s %6.2fx  %.2fx to %.2fx", key, median, sorted.get(0), sorted.get(n - 1)));
        });
        return lines;
    }

    static void print(List<String> lines) {
        lines.forEach(System.out::println);
        System.out.flush();
    }

    private static final String CREATE = """
            {"name": "bench", "fields": [{"name": "email", "type": "string", "identityNs": "email"},
             {"name": "tier", "type": "string"}, {"name": "points", "type": "integer"},
             {"name": "joined", "type": "date"}, {"name": "active", "type": "boolean"}],
             "sourceSpec": {"path": "members.csv", "type": "file"}, "originName": "CUSTOM_UPLOAD"}""";

    /**
     * A new audience of the same rows, keyed by an email written in mixed case (every identity is normalised) and by
     * a phone number written as people do ({@code +1 (415) 555-0123}, read by libphonenumber), each with its
     * namespace's rule and with the rule replaced by a plain trim (EXTAUDIENCES_IDENTITY_RULES=email=trim,phone=trim),
     * alternating, on a fresh server each; the load average is printed before and after, as the machine is shared.
     */
    private static void compareIdentityRules(String databases, Path work, int rows, String heap, Path jar,
                                             boolean ruleFirst) throws Exception {
        Path csv = work.resolve("messy.csv");
        generateMessy(csv, rows);
        System.out.printf("%,d rows of mixed-case emails and written phone numbers, %,d bytes; load average %s%n",
                rows, Files.size(csv), loadAverage());
        String phoneKeyed = """
                {"name": "bench", "fields": [{"name": "phone", "type": "string", "identityNs": "phone"},
                 {"name": "email", "type": "string"}, {"name": "tier", "type": "string"},
                 {"name": "points", "type": "integer"}, {"name": "joined", "type": "date"},
                 {"name": "active", "type": "boolean"}],
                 "sourceSpec": {"path": "members.csv", "type": "file"}, "originName": "CUSTOM_UPLOAD"}""";
        int round = 0;
        for (String database : List.of("h2", "pg")) {
            if (!databases.contains(database)) {
                continue;
            }
            EmbeddedPostgres postgres = database.equals("pg") ? EmbeddedPostgres.builder().start() : null;
            try {
                for (String identity : List.of("email", "phone")) {
                    for (String rules : ruleFirst ? List.of("namespace rule", "trim only")
                            : List.of("trim only", "namespace rule")) {
                        Map<String, String> env = new LinkedHashMap<>();
                        if (postgres != null) {
                            // a database of its own per server: every server starts on an empty schema
                            String name = "bench" + (++round);
                            try (Connection admin = DriverManager.getConnection(
                                    postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")) {
                                admin.createStatement().execute("CREATE DATABASE " + name);
                            }
                            env.put("EXTAUDIENCES_DATABASE_URL", postgres.getJdbcUrl("postgres", name));
                            env.put("EXTAUDIENCES_DATABASE_USER", "postgres");
                            env.put("EXTAUDIENCES_DATABASE_PASSWORD", "postgres");
                        } else {
                            round++;
                        }
                        env.put("EXTAUDIENCES_PHONE_DEFAULT_REGION", "US");
                        if (rules.equals("trim only")) {
                            env.put("EXTAUDIENCES_IDENTITY_RULES", "email=trim,phone=trim");
                        }
                        measure(database.equals("pg") ? "PostgreSQL" : "H2", env, work.resolve("identity-" + round),
                                csv, rows, heap, jar, List.of(identity + ", " + rules), 0,
                                identity.equals("email") ? CREATE : phoneKeyed);
                    }
                }
            } finally {
                if (postgres != null) {
                    postgres.close();
                }
            }
        }
        System.out.printf("load average %s%n", loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException unknown) {
            return "unknown";
        }
    }

    /** The same rows as {@link #generate}, each identity written as people write it: none in its matched form. */
    static void generateMessy(Path csv, int rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("email,phone,tier,points,joined,active\n");
            LocalDate epoch = LocalDate.of(2020, 1, 1);
            String[] tiers = {"gold", "silver", "bronze", "platinum"};
            for (int i = 0; i < rows; i++) {
                // 415 exchanges 200..999, 10,000 lines each: 8 million distinct valid San Francisco numbers
                out.write(" User" + i + "@Example.COM,\"+1 (415) " + (200 + i / 10_000) + "-"
                        + String.format("%04d", i % 10_000) + "\"," + tiers[i % 4] + "," + (i % 10_000) + ","
                        + epoch.plusDays(i % 2_000) + "," + (i % 3 == 0) + "\n");
            }
        }
    }

    private static List<double[]> measure(String database, Map<String, String> env, Path dataDir, Path csv, int rows,
                                String heap, Path jar, List<String> runs, long idle) throws Exception {
        return measure(database, env, dataDir, csv, rows, heap, jar, runs, idle, CREATE);
    }

    /**
     * Prints a line per run as soon as it is measured, then one for the server's stop; returns each run's seconds and
     * the seconds until it showed its read stage ({@code DATASET_INGEST}) ended, polled every 100 ms.
     */
    private static List<double[]> measure(String database, Map<String, String> env, Path dataDir, Path csv, int rows,
                                String heap, Path jar, List<String> runs, long idle, String create) throws Exception {
        Path landing = dataDir.resolve("landing").resolve(ORG).resolve(SANDBOX);
        Files.createDirectories(landing);
        Files.copy(csv, landing.resolve("members.csv"));
        Files.setLastModifiedTime(landing.resolve("members.csv"), FileTime.from(Instant.now().minusSeconds(60)));
        int port = 18_000 + (int) (Math.random() * 2_000);
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + heap));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("server.log").toFile());
        builder.environment().putAll(env);
        builder.environment().put("EXTAUDIENCES_PORT", Integer.toString(port));
        builder.environment().put("EXTAUDIENCES_HOST", "127.0.0.1");
        builder.environment().put("EXTAUDIENCES_DATA_DIR", dataDir.toString());
        builder.environment().put("EXTAUDIENCES_AUTH_TOKENS", TOKEN + ":*:bench");
        builder.environment().put("EXTAUDIENCES_API_KEYS", KEY);
        // the run poll is left at its default, as the README starts the server: a run started here wakes the workers
        // itself, and a poll of 100 ms put 30 background queries a second beside the run being measured
        builder.environment().put("EXTAUDIENCES_LOG_LEVEL", "WARN");
        // --reingests 10 is eleven runs of one audience in a day, beyond the public service's guardrail of ten
        builder.environment().put("EXTAUDIENCES_RUNS_PER_AUDIENCE_PER_DAY", Integer.toString(runs.size()));
        Process server = builder.start();
        List<double[]> measured = new ArrayList<>();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitHealthy(base);
            String api = base + "/data/core/ais/external-audience";
            String operation = field(call("POST", api, create), "operationId");
            String audience = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(
                    () -> field(call("GET", base + "/data/core/ais/external-audiences/operations/" + operation, null),
                            "audienceId"), Objects::nonNull);
            for (String label : runs) {
                long started = System.nanoTime();
                String runId = field(call("POST", api + "/" + audience + "/runs",
                        "{\"dataFilterStartTime\": 0, \"differentialIngestion\": false}"), "runId");
                // a run of millions of rows takes what it takes: the benchmark measures it, it sets no limit
                double read = -1;
                String run;
                // the members the merge had written, as polls saw them while it ran
                java.util.SortedSet<Long> merging = new java.util.TreeSet<>();
                do {
                    Thread.sleep(100);
                    run = call("GET", api + "/" + audience + "/runs/" + runId, null);
                    if (read < 0 && run.contains("\"stage\":\"DATASET_INGEST\",\"status\":\"SUCCESS\"")) {
                        read = (System.nanoTime() - started) / 1e9;
                    }
                    Matcher written = MEMBERS_WRITTEN.matcher(run);
                    if (run.contains("\"stage\":\"PROFILE_STORE_INGEST\",\"status\":\"PROCESSING\"")
                            && written.find() && !written.group(1).equals("0")) {
                        merging.add(Long.parseLong(written.group(1)));
                    }
                } while (run.contains("\"status\":\"PROCESSING\""));
                double seconds = (System.nanoTime() - started) / 1e9;
                measured.add(new double[] {seconds, read});
                if (!run.contains("\"status\":\"SUCCESS\"") || !run.contains("\"rowsRejected\":0,")) {
                    throw new IllegalStateException("the run did not succeed with every row: " + run);
                }
                long peak = peakHeap(base);
                Matcher normalised = Pattern.compile("\"identitiesNormalised\":(\\d+)").matcher(run);
                Matcher collapsed = Pattern.compile("\"identitiesCollapsed\":(\\d+)").matcher(run);
                // the polled read stage, a tenth of a second, where the run's own stage times are whole seconds
                print(List.of(String.format("%-12s %-26s %10.1f %,12.0f %14d %16s %12s   read stage polled: %.1f s%s%s",
                        database, label, seconds, rows / seconds, peak / (1024 * 1024), stageSeconds(run),
                        fileMiB(dataDir), read,
                        normalised.find() && !normalised.group(1).equals("0")
                                ? "   identities normalised: " + normalised.group(1) + ", collapsed: "
                                + (collapsed.find() ? collapsed.group(1) : "?") : "",
                        "   merge progress polled: " + (merging.isEmpty() ? "none" : merging.size() + " steps, "
                                + String.format("%,d", merging.first()) + " to " + String.format("%,d", merging.last())
                                + " members written"))));
            }
            if (idle > 0) {
                // what the server's background work leaves of the file while nothing else happens
                Thread.sleep(idle * 1000);
                print(List.of(String.format("%-12s %-26s %10d %12s %14s %16s %12s", database, "after idle (s)", idle,
                        "-", "-", "-", fileMiB(dataDir))));
            }
            // the seconds a clean stop takes, and the file it leaves
            long stopping = System.nanoTime();
            server.destroy();
            server.waitFor();
            print(List.of(String.format("%-12s %-26s %10.1f %12s %14s %16s %12s", database, "server stopped",
                    (System.nanoTime() - stopping) / 1e9, "-", "-", "-", fileMiB(dataDir))));
        } finally {
            server.destroy();
            server.waitFor();
        }
        return measured;
    }

    /** The size of the embedded H2 database's file, or "-" on another database. */
    private static String fileMiB(Path dataDir) throws IOException {
        Path file = dataDir.resolve("db").resolve("extaudiences.mv.db");
        return Files.exists(file) ? String.format("%,.0f", Files.size(file) / (1024.0 * 1024.0)) : "-";
    }

    /**
     * What PostgreSQL itself needs for the same rows, in plain SQL, in a database of its own beside the server's: the
     * driver's {@code COPY} of the CSV file into an unindexed, unlogged table (alone: the read stage's baseline), then
     * one {@code INSERT ... SELECT DISTINCT ON (identity) ... ORDER BY identity, seq DESC} (the row staged last wins,
     * as the server's rule is) into the members table as the baseline migration creates it (its DDL is taken from
     * that file, so it cannot drift), attributes built as JSON by the database; and a re-ingest of the same file: the
     * same COPY, one {@code INSERT ... ON CONFLICT DO UPDATE} and the delete of the members the file no longer holds,
     * in one transaction, as a full run replaces an audience's members. Each line is printed as it is measured.
     */
    static List<Baseline> baseline(String url, Path csv, int rows) throws Exception {
        try (Connection admin = DriverManager.getConnection(url, "postgres", "postgres");
             Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS bench_baseline");
            sql.execute("CREATE DATABASE bench_baseline");
        }
        String baselineUrl = url.replaceFirst("/postgres(\\?|$)", "/bench_baseline$1");
        List<Baseline> measured = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(baselineUrl, "postgres", "postgres");
             Statement sql = connection.createStatement()) {
            for (String ddl : membersDdl()) {
                sql.execute(ddl);
            }
            measured.add(printed(new Baseline("PostgreSQL", "raw COPY of the file", time(() -> copy(connection, csv)),
                    rows)));
            sql.execute("DROP TABLE bench_staging");
            String select = " SELECT DISTINCT ON (email) 'org', 'sb', 'aud', 1, 'email', email,"
                    + " jsonb_build_object('active', active, 'joined', joined, 'points', points, 'tier', tier)::text, %d"
                    + " FROM bench_staging ORDER BY email, seq DESC";
            String insert = "INSERT INTO members (org_id, sandbox_name, audience_id, generation, identity_ns,"
                    + " identity_value, attributes, last_ingested_at_ms)";
            measured.add(printed(new Baseline("PostgreSQL", "COPY + INSERT DISTINCT ON (new)", time(() -> {
                copy(connection, csv);
                sql.execute(insert + select.formatted(1));
            }), rows)));
            sql.execute("DROP TABLE bench_staging");
            measured.add(printed(new Baseline("PostgreSQL", "COPY + upsert + delete (re-ingest)", time(() -> {
                copy(connection, csv);
                connection.setAutoCommit(false);
                sql.execute(insert + select.formatted(2) + " ON CONFLICT (org_id, sandbox_name, audience_id,"
                        + " generation, identity_ns, identity_value) DO UPDATE SET attributes = EXCLUDED.attributes,"
                        + " last_ingested_at_ms = EXCLUDED.last_ingested_at_ms");
                sql.execute("DELETE FROM members WHERE org_id = 'org' AND sandbox_name = 'sb' AND audience_id = 'aud'"
                        + " AND generation = 1 AND last_ingested_at_ms < 2");
                connection.commit();
                connection.setAutoCommit(true);
            }), rows)));
            sql.execute("DROP TABLE bench_staging");
            measured.add(printed(new Baseline("PostgreSQL", "raw COPY, rows not numbered", time(() ->
                    copy(connection, csv, false)), rows)));
            sql.execute("DROP TABLE bench_staging");
        }
        return measured;
    }

    /** The driver's COPY of the file into a new unlogged table with no index, numbered in the file's order. */
    private static void copy(Connection connection, Path csv) throws Exception {
        copy(connection, csv, true);
    }

    /**
     * The COPY, its rows numbered in the file's order by an identity column (what the last-row-wins rule needs, and
     * what the plain-SQL paths use) or not numbered at all: the bytes alone, a {@code nextval} per row less.
     */
    private static void copy(Connection connection, Path csv, boolean numbered) throws Exception {
        try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE UNLOGGED TABLE bench_staging (" + (numbered ? "seq BIGINT GENERATED ALWAYS AS"
                    + " IDENTITY, " : "") + "email VARCHAR, tier VARCHAR, points VARCHAR, joined VARCHAR,"
                    + " active VARCHAR)");
        }
        try (Reader reader = Files.newBufferedReader(csv)) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_staging (email, tier, points,"
                    + " joined, active) FROM STDIN WITH (FORMAT csv, HEADER true)", reader);
        }
    }

    /**
     * What H2 itself needs for the same rows, in a database file of its own opened as the server opens its own: its
     * bulk read ({@code CSVREAD}) of the file into a table (alone: the read stage's baseline), then one
     * {@code INSERT ... SELECT ... FROM CSVREAD} into the members table as the baseline migration creates it,
     * attributes written as the server writes them; and a re-ingest of the same file: one {@code MERGE ... KEY} and
     * the delete of the members the file no longer holds, in one transaction.
     */
    static List<Baseline> h2Baseline(Path dir, Path csv, int rows) throws Exception {
        String url = dev.extaudiences.adapter.jdbi.JdbiDatabase.h2Url(dir);
        String file = "CSVREAD('" + csv.toAbsolutePath().toString().replace("'", "''") + "')";
        List<Baseline> measured = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement sql = connection.createStatement()) {
            for (String ddl : membersDdl()) {
                sql.execute(ddl);
            }
            measured.add(printed(new Baseline("H2", "raw CSVREAD of the file",
                    time(() -> sql.execute("CREATE TABLE bench_staging AS SELECT * FROM " + file)), rows)));
            sql.execute("DROP TABLE bench_staging");
            String select = " SELECT 'org', 'sb', 'aud', 1, 'email', email, '{\"active\":\"' || active"
                    + " || '\",\"joined\":\"' || joined || '\",\"points\":\"' || points || '\",\"tier\":\"' || tier"
                    + " || '\"}', %d FROM " + file;
            String columns = " (org_id, sandbox_name, audience_id, generation, identity_ns, identity_value, attributes,"
                    + " last_ingested_at_ms)";
            measured.add(printed(new Baseline("H2", "CSVREAD + INSERT (new)",
                    time(() -> sql.execute("INSERT INTO members" + columns + select.formatted(1))), rows)));
            measured.add(printed(new Baseline("H2", "CSVREAD + MERGE + delete (re-ingest)", time(() -> {
                connection.setAutoCommit(false);
                sql.execute("MERGE INTO members" + columns + " KEY (org_id, sandbox_name, audience_id, generation,"
                        + " identity_ns, identity_value)" + select.formatted(2));
                sql.execute("DELETE FROM members WHERE org_id = 'org' AND sandbox_name = 'sb' AND audience_id = 'aud'"
                        + " AND generation = 1 AND last_ingested_at_ms < 2");
                connection.commit();
                connection.setAutoCommit(true);
            }), rows)));
        }
        return measured;
    }

    /**
     * The members table and its indexes exactly as the baseline migration creates them: its statements, taken from
     * the migration file the server applies.
     */
    static List<String> membersDdl() throws IOException {
        String migration;
        try (var in = IngestionBenchmark.class.getResourceAsStream("/db/migration/V1__baseline.sql")) {
            migration = new String(Objects.requireNonNull(in, "the baseline migration on the class path")
                    .readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> ddl = new ArrayList<>();
        Matcher table = Pattern.compile("(?s)CREATE TABLE members \\(.*?\n\\);").matcher(migration);
        if (!table.find()) {
            throw new IllegalStateException("no CREATE TABLE members in the baseline migration");
        }
        ddl.add(table.group().replaceAll("--[^\n]*", "").replaceFirst(";$", ""));
        Matcher indexes = Pattern.compile("CREATE INDEX members_\\w+ ON members \\([^)]*\\);").matcher(migration);
        while (indexes.find()) {
            ddl.add(indexes.group().replaceFirst(";$", ""));
        }
        if (ddl.size() != 3) {
            throw new IllegalStateException("expected the members table and its two indexes, found " + ddl);
        }
        return ddl;
    }

    /** A database's own figure for the same rows. */
    record Baseline(String database, String what, double seconds, int rows) {
        String line() {
            return String.format("%-12s %-38s %10.1f %,12.0f", database, "baseline: " + what, seconds,
                    rows / seconds);
        }
    }

    private static Baseline printed(Baseline baseline) {
        print(List.of(baseline.line()));
        return baseline;
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static double time(Timed work) throws Exception {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1e9;
    }

    /** Seconds spent in each stage, from the run's own stage times (whole seconds on the wire). */
    static String stageSeconds(String run) {
        Matcher matcher = Pattern.compile("\"startedAt\":(\\d+),\"endedAt\":(\\d+)").matcher(run);
        List<String> durations = new ArrayList<>();
        while (matcher.find()) {
            durations.add(Long.toString(Long.parseLong(matcher.group(2)) - Long.parseLong(matcher.group(1))));
        }
        return String.join(" / ", durations);
    }

    static void generate(Path csv, int rows) throws IOException {
        generate(csv, rows, 0);
    }

    /**
     * The rows, {@code duplicates} in a hundred of them (from the second on) with the identity of the row half as far
     * into the file: an identity read again, whose last row wins.
     */
    static void generate(Path csv, int rows, int duplicates) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("email,tier,points,joined,active\n");
            LocalDate epoch = LocalDate.of(2020, 1, 1);
            String[] tiers = {"gold", "silver", "bronze", "platinum"};
            for (int i = 0; i < rows; i++) {
                int identity = i > 0 && i % 100 < duplicates ? i / 2 : i;
                out.write("user" + identity + "@example.com," + tiers[i % 4] + "," + (i % 10_000) + ","
                        + epoch.plusDays(i % 2_000) + "," + (i % 3 == 0) + "\n");
            }
        }
    }

    static long peakHeap(String base) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile("(?m)^jvm_heap_peak_bytes (\\S+)$").matcher(metrics);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : -1;
    }

    static void awaitHealthy(String base) {
        // a refused connection is a server still starting
        await("the server at " + base + " becomes healthy").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    static String call(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN).header("x-api-key", KEY)
                .header("x-gw-ims-org-id", ORG).header("x-sandbox-name", SANDBOX)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    static Path jar(String given) {
        for (String candidate : given == null ? List.of("app/target/extaudiences-app.jar", "target/extaudiences-app.jar")
                : List.of(given)) {
            Path path = Path.of(candidate).toAbsolutePath();
            if (Files.exists(path)) {
                return path;
            }
        }
        throw new IllegalStateException("build the server first: mvn -B -ntp -q -DskipTests package");
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
