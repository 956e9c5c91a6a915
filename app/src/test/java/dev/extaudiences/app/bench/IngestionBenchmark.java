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
    static final String SANDBOX = "bench";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private IngestionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int rows = Integer.parseInt(options.getOrDefault("rows", "1000000"));
        String heap = options.getOrDefault("heap", "256m");
        Path jar = jar(options.get("jar"));
        Path work = Files.createTempDirectory("extaudiences-bench");
        Path csv = work.resolve("members.csv");
        generate(csv, rows);
        System.out.printf("%,d rows, %,d bytes of CSV, server heap -Xmx%s, %d cores%n", rows, Files.size(csv), heap,
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
        boolean baselines = Boolean.parseBoolean(options.getOrDefault("baselines", "true"));
        if (databases.contains("h2")) {
            measure("H2", Map.of(), work.resolve("h2"), csv, rows, heap, jar, runs, idle);
            if (baselines) {
                print(h2Baseline(work.resolve("h2"), csv, rows));
            }
        }
        if (databases.contains("pg")) {
            try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
                String url = postgres.getJdbcUrl("postgres", "postgres");
                measure("PostgreSQL", Map.of("EXTAUDIENCES_DATABASE_URL", url,
                        "EXTAUDIENCES_DATABASE_USER", "postgres", "EXTAUDIENCES_DATABASE_PASSWORD", "postgres"),
                        work.resolve("pg"), csv, rows, heap, jar, runs, idle);
                if (baselines) {
                    baseline(url, csv, rows);
                }
            }
        }
    }

    static void print(List<String> lines) {
        lines.forEach(System.out::println);
        System.out.flush();
    }

    /** Prints a line per run as soon as it is measured, then one for the server's stop. */
    private static void measure(String database, Map<String, String> env, Path dataDir, Path csv, int rows,
                                String heap, Path jar, List<String> runs, long idle) throws Exception {
        Path landing = dataDir.resolve("landing").resolve(ORG).resolve(SANDBOX);
        Files.createDirectories(landing);
        Files.copy(csv, landing.resolve("members.csv"));
        Files.setLastModifiedTime(landing.resolve("members.csv"), FileTime.from(Instant.now().minusSeconds(60)));
        int port = 18_000 + (int) (Math.random() * 2_000);
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx" + heap, "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("server.log").toFile());
        builder.environment().putAll(env);
        builder.environment().put("EXTAUDIENCES_PORT", Integer.toString(port));
        builder.environment().put("EXTAUDIENCES_HOST", "127.0.0.1");
        builder.environment().put("EXTAUDIENCES_DATA_DIR", dataDir.toString());
        builder.environment().put("EXTAUDIENCES_AUTH_TOKENS", TOKEN + ":*:bench");
        builder.environment().put("EXTAUDIENCES_API_KEYS", KEY);
        builder.environment().put("EXTAUDIENCES_RUN_POLL_MILLIS", "100");
        builder.environment().put("EXTAUDIENCES_LOG_LEVEL", "WARN");
        // --reingests 10 is eleven runs of one audience in a day, beyond the public service's guardrail of ten
        builder.environment().put("EXTAUDIENCES_RUNS_PER_AUDIENCE_PER_DAY", Integer.toString(runs.size()));
        Process server = builder.start();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitHealthy(base);
            String api = base + "/data/core/ais/external-audience";
            String operation = field(call("POST", api, """
                    {"name": "bench", "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                     {"name": "tier", "type": "string"}, {"name": "points", "type": "integer"},
                     {"name": "joined", "type": "date"}, {"name": "active", "type": "boolean"}],
                     "sourceSpec": {"path": "members.csv", "type": "file"}, "originName": "CUSTOM_UPLOAD"}"""),
                    "operationId");
            String audience = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(
                    () -> field(call("GET", base + "/data/core/ais/external-audiences/operations/" + operation, null),
                            "audienceId"), Objects::nonNull);
            for (String label : runs) {
                long started = System.nanoTime();
                String runId = field(call("POST", api + "/" + audience + "/runs",
                        "{\"dataFilterStartTime\": 0, \"differentialIngestion\": false}"), "runId");
                // a run of millions of rows takes what it takes: the benchmark measures it, it sets no limit
                String run = await().forever().pollInterval(Duration.ofMillis(100)).until(
                        () -> call("GET", api + "/" + audience + "/runs/" + runId, null),
                        body -> !body.contains("\"status\":\"PROCESSING\""));
                double seconds = (System.nanoTime() - started) / 1e9;
                if (!run.contains("\"status\":\"SUCCESS\"")) {
                    throw new IllegalStateException("the run did not succeed: " + run);
                }
                long peak = peakHeap(base);
                print(List.of(String.format("%-12s %-26s %10.1f %,12.0f %14d %16s %12s", database, label, seconds,
                        rows / seconds, peak / (1024 * 1024), stageSeconds(run), fileMiB(dataDir))));
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
    }

    /** The size of the embedded H2 database's file, or "-" on another database. */
    private static String fileMiB(Path dataDir) throws IOException {
        Path file = dataDir.resolve("db").resolve("extaudiences.mv.db");
        return Files.exists(file) ? String.format("%,.0f", Files.size(file) / (1024.0 * 1024.0)) : "-";
    }

    /**
     * What PostgreSQL itself needs for the same rows: COPY into a staging table, then one INSERT ... SELECT (an upsert
     * when the rows exist), into a table with the members table's key only, and into a table shaped like the members
     * table (its key, generation included, and its two secondary indexes, which every run must maintain too). Prints
     * each line as it is measured.
     */
    private static List<String> baseline(String url, Path csv, int rows) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement sql = connection.createStatement()) {
            String columns = "org_id VARCHAR(256) NOT NULL, sandbox_name VARCHAR(256) NOT NULL,"
                    + " audience_id VARCHAR(128) NOT NULL, identity_ns VARCHAR(128) NOT NULL,"
                    + " identity_value VARCHAR(1024) NOT NULL, attributes VARCHAR NOT NULL,"
                    + " last_ingested_at_ms BIGINT NOT NULL, generation BIGINT DEFAULT 0 NOT NULL";
            Map<String, List<String>> tables = new LinkedHashMap<>();
            tables.put("key only", List.of("CREATE TABLE bench_members (" + columns + ", PRIMARY KEY (org_id,"
                    + " sandbox_name, audience_id, identity_ns, identity_value))"));
            tables.put("members", List.of("CREATE TABLE bench_members (" + columns + ", PRIMARY KEY (org_id,"
                            + " sandbox_name, audience_id, generation, identity_ns, identity_value))",
                    "CREATE INDEX bench_by_expiry ON bench_members (org_id, sandbox_name, audience_id, generation,"
                            + " last_ingested_at_ms)",
                    "CREATE INDEX bench_by_identity ON bench_members (org_id, sandbox_name, identity_ns,"
                            + " identity_value)"));
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, List<String>> table : tables.entrySet()) {
                for (String ddl : table.getValue()) {
                    sql.execute(ddl);
                }
                String key = table.getKey().equals("members") ? "org_id, sandbox_name, audience_id, generation,"
                        + " identity_ns, identity_value" : "org_id, sandbox_name, audience_id, identity_ns, identity_value";
                for (String label : List.of("new", "exists")) {
                    sql.execute("CREATE TEMP TABLE bench_staging (email VARCHAR, tier VARCHAR, points VARCHAR,"
                            + " joined VARCHAR, active VARCHAR)");
                    long started = System.nanoTime();
                    try (Reader reader = Files.newBufferedReader(csv)) {
                        connection.unwrap(PGConnection.class).getCopyAPI()
                                .copyIn("COPY bench_staging FROM STDIN WITH (FORMAT csv, HEADER true)", reader);
                    }
                    sql.execute("INSERT INTO bench_members (org_id, sandbox_name, audience_id, identity_ns,"
                            + " identity_value, attributes, last_ingested_at_ms) SELECT 'org', 'sb', 'aud', 'email', email,"
                            + " json_build_object('tier', tier, 'points', points, 'joined', joined,"
                            + " 'active', active)::text, " + (label.equals("new") ? 0 : 1)
                            + " FROM bench_staging ON CONFLICT (" + key + ") DO UPDATE SET"
                            + " attributes = EXCLUDED.attributes, last_ingested_at_ms = EXCLUDED.last_ingested_at_ms");
                    double seconds = (System.nanoTime() - started) / 1e9;
                    sql.execute("DROP TABLE bench_staging");
                    String line = String.format("%-12s %-22s %10.1f %,12.0f %14s", "PostgreSQL",
                            "COPY+" + (label.equals("new") ? "INSERT" : "upsert") + ", " + table.getKey(), seconds,
                            rows / seconds, "-");
                    System.out.println(line);
                    lines.add(line);
                }
                sql.execute("DROP TABLE bench_members");
            }
            return lines;
        }
    }

    /**
     * What H2 itself needs for the same rows, in the server's database file once the server has stopped: H2's own
     * bulk load ({@code CSVREAD}) into a staging table, then one INSERT ... SELECT (or MERGE, when the rows exist)
     * into a table shaped like the members table, with its key and its two secondary indexes.
     */
    private static List<String> h2Baseline(Path dataDir, Path csv, int rows) throws Exception {
        String url = dev.extaudiences.adapter.jdbi.JdbiDatabase.h2Url(dataDir);
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE bench_members (org_id VARCHAR(256) NOT NULL, sandbox_name VARCHAR(256) NOT NULL,"
                    + " audience_id VARCHAR(128) NOT NULL, identity_ns VARCHAR(128) NOT NULL,"
                    + " identity_value VARCHAR(1024) NOT NULL, attributes VARCHAR NOT NULL,"
                    + " last_ingested_at_ms BIGINT NOT NULL, generation BIGINT DEFAULT 0 NOT NULL,"
                    + " PRIMARY KEY (org_id, sandbox_name, audience_id, generation, identity_ns, identity_value))");
            sql.execute("CREATE INDEX bench_by_expiry ON bench_members (org_id, sandbox_name, audience_id,"
                    + " generation, last_ingested_at_ms)");
            sql.execute("CREATE INDEX bench_by_identity ON bench_members (org_id, sandbox_name, identity_ns,"
                    + " identity_value)");
            List<String> lines = new ArrayList<>();
            for (String label : List.of("new", "exists")) {
                long started = System.nanoTime();
                sql.execute("CREATE TABLE bench_staging AS SELECT * FROM CSVREAD('"
                        + csv.toAbsolutePath().toString().replace("'", "''") + "')");
                sql.execute((label.equals("new") ? "INSERT INTO bench_members" : "MERGE INTO bench_members")
                        + " (org_id, sandbox_name, audience_id, identity_ns, identity_value, attributes,"
                        + " last_ingested_at_ms)" + (label.equals("new") ? "" : " KEY (org_id, sandbox_name,"
                        + " audience_id, identity_ns, identity_value)")
                        + " SELECT 'org', 'sb', 'aud', 'email', email, '{\"tier\":\"' || tier || '\",\"points\":'"
                        + " || points || ',\"joined\":\"' || joined || '\",\"active\":' || active || '}', "
                        + (label.equals("new") ? 0 : 1) + " FROM bench_staging");
                double seconds = (System.nanoTime() - started) / 1e9;
                sql.execute("DROP TABLE bench_staging");
                lines.add(String.format("%-12s %-22s %10.1f %,12.0f %14s", "H2",
                        "CSVREAD+" + (label.equals("new") ? "INSERT" : "MERGE") + ", members", seconds,
                        rows / seconds, "-"));
            }
            sql.execute("DROP TABLE bench_members");
            return lines;
        }
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
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("email,tier,points,joined,active\n");
            LocalDate epoch = LocalDate.of(2020, 1, 1);
            String[] tiers = {"gold", "silver", "bronze", "platinum"};
            for (int i = 0; i < rows; i++) {
                out.write("user" + i + "@example.com," + tiers[i % 4] + "," + (i % 10_000) + ","
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
