package dev.extaudiences.app.bench;

import static dev.extaudiences.app.bench.IngestionBenchmark.call;
import static dev.extaudiences.app.bench.IngestionBenchmark.field;
import static dev.extaudiences.app.bench.IngestionBenchmark.print;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests per second and latency of the API's routes under closed-loop load, on the server as the README starts it
 * (embedded H2), on embedded PostgreSQL, with in-memory stores, and on a bare Javalin handler answering the same
 * bytes ({@link BareJsonServer}): the ratio to the bare handler is what the server's own work costs on each route.
 * Reads first (one audience, its create operation, one finished run, a page of 20 runs), then writes (creating
 * audiences, changing them, starting runs), which change what later reads would see. Each route is measured in
 * rounds and the best round is printed. Asserts nothing. Run it as app/BENCHMARKS.md says.
 */
public final class LoadBenchmark {

    /**
     * At most this many audiences serve the PATCH and run-start rounds: more than H2 and PostgreSQL use; the in-memory
     * server starts runs faster, and its last round may run out (its refusals are printed). The in-memory store sorts
     * every audience for each page it lists, so collecting half a million of them took minutes.
     */
    private static final int AUDIENCES_CAP = 60_000;
    private static final Pattern AUDIENCE_ID = Pattern.compile("\"audienceId\":\"([^\"]+)\"");
    private static final String FIELDS = "[{\"name\": \"email\", \"type\": \"string\", \"identityNs\": \"email\"},"
            + " {\"name\": \"tier\", \"type\": \"string\"}]";

    /** What the real server answered on a route, to be answered by the bare handler on the same route. */
    private record Answer(String method, String pattern, int status, String contentType, byte[] body) {
    }

    /** A seeded server: the workloads of its routes and what it answered on each. */
    private record Seeded(List<Workload> reads, Map<String, Answer> answers) {
    }

    private final Path work;
    private final LoadGenerator generator;
    private final int seconds;
    private final int rounds;
    private final int warmup;
    private final int runs;
    private final boolean writes;
    /** route, then server, then its best round */
    private final Map<String, Map<String, Measured>> results = new LinkedHashMap<>();

    private LoadBenchmark(Path work, LoadGenerator generator, int seconds, int rounds, int warmup, int runs,
                          boolean writes) {
        this.work = work;
        this.writes = writes;
        this.generator = generator;
        this.seconds = seconds;
        this.rounds = rounds;
        this.warmup = warmup;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = IngestionBenchmark.options(args);
        Path jar = IngestionBenchmark.jar(options.get("jar"));
        Path work = WorkDirectory.create("extaudiences-load-bench");
        LoadGenerator generator = LoadGenerator.choose(options.getOrDefault("generator", "auto"),
                Integer.parseInt(options.getOrDefault("threads", "2")),
                Integer.parseInt(options.getOrDefault("connections", "8")), work);
        int seconds = Integer.parseInt(options.getOrDefault("duration", "10"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        // --warmup S: seconds of load on each read route, twice over, before any is measured (the JIT, the caches)
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
        List<String> servers = List.of(options.getOrDefault("servers", "h2,bare,pg,memory").split(","));
        List<String> jvm = new ArrayList<>(options.containsKey("heap") ? List.of("-Xmx" + options.get("heap"))
                : List.of());
        // --jvm "OPTIONS": more options for every server's JVM, e.g. a flight recording of each into a directory:
        // --jvm "-XX:StartFlightRecording=settings=profile,filename=/tmp/jfr/"
        if (options.containsKey("jvm")) {
            jvm.addAll(List.of(options.get("jvm").trim().split("\\s+")));
        }
        System.out.printf("load: %s, best of %d rounds of %d s per route, %d cores, load average %s%n",
                generator.describe(), rounds, seconds, Runtime.getRuntime().availableProcessors(), load());
        LoadBenchmark benchmark = new LoadBenchmark(work, generator, seconds, rounds, warmup,
                Integer.parseInt(options.getOrDefault("seed-runs", "21")),
                // --writes false: the reads only (a quick comparison of two jars on them)
                Boolean.parseBoolean(options.getOrDefault("writes", "true")));
        print(List.of(String.format("%-10s %-14s %6s %10s %9s %9s %9s %8s", "server", "route", "round", "req/s",
                "p50 ms", "p99 ms", "requests", "non-2xx")));
        Optional<Seeded> captured = Optional.empty();
        for (String server : servers) {
            switch (server) {
                case "h2" -> {
                    Seeded seeded = benchmark.appServer("H2", jar, jvm, Map.of());
                    captured = captured.isPresent() ? captured : Optional.of(seeded);
                }
                case "pg" -> {
                    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
                        Seeded seeded = benchmark.appServer("PostgreSQL", jar, jvm, Map.of(
                                "DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                                "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "postgres"));
                        captured = captured.isPresent() ? captured : Optional.of(seeded);
                    }
                }
                case "memory" -> {
                    Seeded seeded = benchmark.appServer("memory", jar, jvm, Map.of("STORE", "memory"));
                    captured = captured.isPresent() ? captured : Optional.of(seeded);
                }
                case "bare" -> {
                    if (captured.isEmpty()) {
                        throw new IllegalArgumentException("--servers: bare comes after a server whose answers it"
                                + " replays (h2, pg or memory)");
                    }
                    benchmark.bare("bare", jar, jvm, captured.get(), List.of());
                }
                case "bare-pg" -> {
                    if (captured.isEmpty()) {
                        throw new IllegalArgumentException("--servers: bare-pg comes after a server whose answers it"
                                + " replays (h2, pg or memory)");
                    }
                    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
                        benchmark.bare("bare-pg", jar, jvm, captured.get(), List.of("--jdbc",
                                postgres.getJdbcUrl("postgres", "postgres"), "--user", "postgres", "--password",
                                "postgres"));
                    }
                }
                default -> throw new IllegalArgumentException("--servers: unknown server " + server
                        + " (h2, bare, pg, bare-pg, memory)");
            }
        }
        benchmark.summary(servers);
        System.out.printf("load average at the end: %s%n", load());
    }

    /** Starts the server jar, seeds it, measures every route on it, stops it; what it answered, for the bare one. */
    private Seeded appServer(String name, Path jar, List<String> jvm, Map<String, String> extra) throws Exception {
        Path dataDir = Files.createDirectories(work.resolve(name));
        Map<String, String> settings = new LinkedHashMap<>(extra);
        // writes are measured, not refused: the daily guardrails far above what the rounds start
        settings.put("RUNS_PER_AUDIENCE_PER_DAY", "1000000");
        settings.put("RUNS_PER_SANDBOX_PER_DAY", "1000000");
        settings.put("RUN_POLL_MILLIS", "200");
        try (BenchServer server = BenchServer.app(name, jar, dataDir, jvm, settings)) {
            Seeded seeded = seed(server, dataDir);
            warmUp(server, seeded.reads());
            for (Workload read : seeded.reads()) {
                measure(server, read);
            }
            if (writes) {
                writes(server, seeded);
            }
            System.out.printf("(%s: load average %s)%n", name, load());
            return seeded;
        }
    }

    /**
     * One audience reading a small file, ingested {@code runs} times, so that there is one finished run to read and a
     * page of 20 finished runs; what the server answered on each route is kept for the bare handler.
     */
    private Seeded seed(BenchServer server, Path dataDir) throws Exception {
        Path landing = Files.createDirectories(dataDir.resolve("landing").resolve(IngestionBenchmark.ORG)
                .resolve(IngestionBenchmark.SANDBOX));
        Path file = landing.resolve("seed.csv");
        Files.writeString(file, "email,tier\nada@example.com,gold\nbob@example.com,silver\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        String api = server.api();
        Map<String, Answer> answers = new LinkedHashMap<>();
        Answer created = capture("POST", api + "/external-audience/", "{\"name\": \"seed\", \"fields\": " + FIELDS
                + ", \"sourceSpec\": {\"path\": \"seed.csv\", \"type\": \"file\"}, \"originName\": \"CUSTOM_UPLOAD\"}",
                "/data/core/ais/external-audience");
        answers.put("create", created);
        String operation = field(new String(created.body()), "operationId");
        String operationPath = "/data/core/ais/external-audiences/operations/" + operation;
        String audience = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(
                () -> field(call("GET", server.base() + operationPath, null), "audienceId"), Objects::nonNull);
        String audiencePath = "/data/core/ais/external-audience/" + audience;
        String runId = null;
        for (int i = 0; i < runs; i++) {
            Answer started = capture("POST", server.base() + audiencePath + "/runs",
                    "{\"dataFilterStartTime\": 0, \"differentialIngestion\": false}",
                    "/data/core/ais/external-audience/{id}/runs");
            answers.putIfAbsent("run start", started);
            String id = field(new String(started.body()), "runId");
            runId = runId == null ? id : runId;
            String run = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(
                    () -> call("GET", server.base() + audiencePath + "/runs/" + id, null),
                    body -> !body.contains("\"status\":\"PROCESSING\""));
            if (!run.contains("\"status\":\"SUCCESS\"")) {
                throw new IllegalStateException("a seeding run did not succeed: " + run);
            }
        }
        String runPath = audiencePath + "/runs/" + runId;
        String runsPath = audiencePath + "/runs?limit=20";
        answers.put("audience", capture("GET", server.base() + audiencePath, null,
                "/data/core/ais/external-audience/{id}"));
        answers.put("operation", capture("GET", server.base() + operationPath, null,
                "/data/core/ais/external-audiences/operations/{id}"));
        answers.put("run", capture("GET", server.base() + runPath, null,
                "/data/core/ais/external-audience/{id}/runs/{run}"));
        answers.put("runs?limit=20", capture("GET", server.base() + runsPath, null,
                "/data/core/ais/external-audience/{id}/runs"));
        if (!new String(answers.get("runs?limit=20").body()).contains("\"count\":20")) {
            throw new IllegalStateException("the page of runs does not hold 20: "
                    + new String(answers.get("runs?limit=20").body()));
        }
        answers.put("patch", capture("PATCH", server.base() + audiencePath, "{\"description\": \"seeded\"}",
                "/data/core/ais/external-audience/{id}"));
        return new Seeded(List.of(Workload.read("audience", audiencePath), Workload.read("operation", operationPath),
                Workload.read("run", runPath), Workload.read("runs?limit=20", runsPath)), answers);
    }

    /**
     * Creates (each a new name; their audiences then serve the other writes), changes to those audiences'
     * descriptions, and run starts, each round on audiences of its own (an audience's second run is refused while
     * its first is in progress): a round that runs out of audiences shows it as non-2xx answers.
     */
    private void writes(BenchServer server, Seeded seeded) throws Exception {
        String create = "{\"name\": \"load {n}\", \"fields\": " + FIELDS
                + ", \"sourceSpec\": {\"path\": \"absent/none.csv\", \"type\": \"file\"},"
                + " \"originName\": \"CUSTOM_UPLOAD\"}";
        measure(server, Workload.write("create", "POST", List.of("/data/core/ais/external-audience/"), create));
        List<String> audiences = audiences(server, seeded);
        measure(server, Workload.write("patch", "PATCH", audiences, "{\"description\": \"load {n}\"}"));
        measure(server, Workload.write("run start", "POST", audiences.stream().map(path -> path + "/runs").toList(),
                "{\"dataFilterStartTime\": 1700000000}"));
    }

    /** Every audience but the seeded one, once the creates' operations have ended: the paths of their PATCH. */
    private static List<String> audiences(BenchServer server, Seeded seeded) throws Exception {
        String seed = seeded.reads().get(0).path(0);
        String list = server.api() + "/external-audience?limit=1";
        // the creates' audiences are stored after their answers: wait until their count stops growing
        long last = -1;
        for (long now = total(call("GET", list, null)); now != last; now = total(call("GET", list, null))) {
            last = now;
            Thread.sleep(1_000);
        }
        // a set: the in-memory server creates hundreds of thousands in the create rounds, and a list's contains()
        // over them made this loop quadratic (it ran for ever); the later rounds need no more than CAP of them
        java.util.Set<String> paths = new java.util.LinkedHashSet<>();
        for (long start = 0; start < last && paths.size() < AUDIENCES_CAP; start += 100) {
            Matcher ids = AUDIENCE_ID.matcher(call("GET", server.api() + "/external-audience?limit=100&start="
                    + start, null));
            while (ids.find()) {
                String path = "/data/core/ais/external-audience/" + ids.group(1);
                if (!path.equals(seed)) {
                    paths.add(path);
                }
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalStateException("the create rounds left no audience to change");
        }
        return new ArrayList<>(paths);
    }

    private static long total(String page) {
        Matcher matcher = Pattern.compile("\"totalCount\":(\\d+)").matcher(page);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    /** The bare handler, answering what {@code seeded}'s server answered, measured with the same workloads. */
    private void bare(String name, Path jar, List<String> jvm, Seeded seeded, List<String> database)
            throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        StringBuilder lines = new StringBuilder();
        int i = 0;
        for (Answer answer : seeded.answers().values()) {
            Path body = Files.write(dir.resolve("answer-" + i++ + ".json"), answer.body());
            lines.append(String.join("\t", answer.method(), answer.pattern(), Integer.toString(answer.status()),
                    answer.contentType(), body.toString())).append('\n');
        }
        Path answers = Files.writeString(dir.resolve("answers.tsv"), lines);
        String classPath = jar + ":" + Path.of(BareJsonServer.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        List<String> arguments = new ArrayList<>(List.of("--answers", answers.toString()));
        arguments.addAll(database);
        try (BenchServer server = BenchServer.main(name, classPath, BareJsonServer.class.getName(), dir, jvm,
                arguments)) {
            warmUp(server, seeded.reads());
            for (Workload read : seeded.reads()) {
                measure(server, read);
            }
            if (!database.isEmpty() || !writes) {
                return; // the floor is a read's: its writes would be the bare handler's again
            }
            String path = seeded.reads().get(0).path(0);
            measure(server, Workload.write("create", "POST", List.of("/data/core/ais/external-audience/"),
                    "{\"name\": \"load {n}\"}"));
            measure(server, Workload.write("patch", "PATCH", List.of(path), "{\"description\": \"load {n}\"}"));
            measure(server, Workload.write("run start", "POST", List.of(path + "/runs"),
                    "{\"dataFilterStartTime\": 1700000000}"));
        }
    }

    /**
     * Load on every read route before any is measured, not counted (the JIT, the caches), so that the first route
     * measured does not pay for the others; writes are not warmed up (it would use up audiences), their first round
     * is.
     */
    private void warmUp(BenchServer server, List<Workload> reads) throws Exception {
        for (int pass = 0; pass < 2 && warmup > 0; pass++) {
            for (Workload read : reads) {
                generator.run(server.base(), read, warmup, "warmup");
            }
        }
        server.checkAlive();
    }

    /** The rounds, each printed; the best kept. A run start's rounds each take their own third of the audiences. */
    private void measure(BenchServer server, Workload workload) throws Exception {
        List<Measured> measured = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Workload thisRound = workload;
            if (workload.route().equals("run start") && workload.count() >= rounds) {
                int share = workload.count() / rounds;
                thisRound = workload.slice((round - 1) * share, share);
            }
            Measured one;
            try {
                one = generator.run(server.base(), thisRound, seconds, workload.route().replace(' ', '-') + "-"
                        + round);
            } catch (RuntimeException failed) {
                server.checkAlive();
                throw failed;
            }
            server.checkAlive();
            measured.add(one);
            print(List.of(line(server.name(), workload.route(), Integer.toString(round), one)));
        }
        results.computeIfAbsent(workload.route(), any -> new LinkedHashMap<>()).put(server.name(),
                Measured.best(measured));
    }

    private static String line(String server, String route, String round, Measured one) {
        return String.format("%-10s %-14s %6s %,10.0f %9.2f %9.2f %,9d %,8d", server, route, round,
                one.perSecond(), one.p50Millis(), one.p99Millis(), one.requests(), one.failures());
    }

    /** The best round of every route on every server, with its requests per second over the bare handler's. */
    private void summary(List<String> servers) {
        List<String> lines = new ArrayList<>(List.of("", "Best of " + rounds + " rounds of " + seconds + " s ("
                        + generator.describe() + "); ratio: req/s over the bare handler's on the same route;"
                        + " of floor: over the bare handler's reading its answer from PostgreSQL (bare-pg)",
                String.format("%-14s %-10s %10s %9s %9s %8s %8s %9s", "route", "server", "req/s", "p50 ms",
                        "p99 ms", "non-2xx", "ratio", "of floor")));
        for (Map.Entry<String, Map<String, Measured>> route : results.entrySet()) {
            Measured bare = route.getValue().get("bare");
            Measured floor = route.getValue().get("bare-pg");
            for (Map.Entry<String, Measured> server : route.getValue().entrySet()) {
                Measured best = server.getValue();
                lines.add(String.format("%-14s %-10s %,10.0f %9.2f %9.2f %,8d %8s %9s", route.getKey(),
                        server.getKey(), best.perSecond(), best.p50Millis(), best.p99Millis(), best.failures(),
                        bare == null ? "-" : String.format("%.2fx", best.perSecond() / bare.perSecond()),
                        floor == null ? "-" : String.format("%.2fx", best.perSecond() / floor.perSecond())));
            }
        }
        print(lines);
    }

    /** Sends one request; what came back, as the bare handler is to answer it on {@code pattern}. */
    private static Answer capture(String method, String url, String body, String pattern) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        LoadGenerator.HEADERS.forEach(request::header);
        HttpResponse<byte[]> response = IngestionBenchmark.HTTP.send(request.build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + new String(response.body()));
        }
        return new Answer(method, pattern, response.statusCode(),
                response.headers().firstValue("Content-Type").orElseThrow(), response.body());
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException unknown) {
            return "unknown";
        }
    }
}
