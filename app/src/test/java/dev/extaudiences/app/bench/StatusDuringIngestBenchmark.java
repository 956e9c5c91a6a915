package dev.extaudiences.app.bench;

import static dev.extaudiences.app.bench.IngestionBenchmark.call;
import static dev.extaudiences.app.bench.IngestionBenchmark.field;
import static dev.extaudiences.app.bench.IngestionBenchmark.print;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a caller polling a run's status sees while the same node ingests a big file into it: status reads
 * ({@code GET .../runs/{runId}}) sent at a fixed rate (open loop: each read has its time, and a late answer delays no
 * later read, so a stall shows in full, not hidden by fewer reads), from before the run starts until it has ended, on
 * embedded H2 and on embedded PostgreSQL. Latency is from a read's scheduled time to its answer. Prints the run's
 * progress (its stages and rows read) with the reads' percentiles every {@code --every} seconds, then the
 * percentiles while idle, during each stage and over the whole run (issue #15's target: p99 under 50 ms). Asserts
 * nothing. Run it as app/BENCHMARKS.md says.
 */
public final class StatusDuringIngestBenchmark {

    private static final Pattern STAGE = Pattern.compile(
            "\"stage\":\"(DATASET_INGEST|PROFILE_STORE_INGEST)\",\"status\":\"([A-Z]+)\"");
    private static final Pattern ROWS_READ = Pattern.compile("\"rowsRead\":(\\d+)");

    /** One status read: when it was due, how long until its answer, and the run as that answer showed it. */
    private record Read(long dueNanos, long latencyNanos, int status, String phase, long rowsRead,
                        long membersWritten) {
    }

    private StatusDuringIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = IngestionBenchmark.options(args);
        int rows = Integer.parseInt(options.getOrDefault("rows", "1000000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "20"));
        int every = Integer.parseInt(options.getOrDefault("every", "2"));
        int idle = Integer.parseInt(options.getOrDefault("idle", "5"));
        Path jar = IngestionBenchmark.jar(options.get("jar"));
        List<String> jvm = options.containsKey("heap") ? List.of("-Xmx" + options.get("heap")) : List.of();
        Path work = WorkDirectory.create("extaudiences-status-bench");
        Path csv = work.resolve("members.csv");
        IngestionBenchmark.generate(csv, rows);
        System.out.printf("%,d rows, %,d bytes of CSV, %d status reads a second, %d cores, load average %s%n", rows,
                Files.size(csv), rate, Runtime.getRuntime().availableProcessors(), LoadBenchmark.load());
        String databases = options.getOrDefault("databases", "h2,pg");
        if (databases.contains("h2")) {
            measure("H2", Map.of(), work.resolve("h2"), csv, jar, jvm, rate, every, idle);
        }
        if (databases.contains("pg")) {
            try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
                measure("PostgreSQL", Map.of("DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                        "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "postgres"), work.resolve("pg"), csv, jar,
                        jvm, rate, every, idle);
            }
        }
        System.out.printf("load average at the end: %s%n", LoadBenchmark.load());
    }

    private static void measure(String database, Map<String, String> settings, Path dataDir, Path csv, Path jar,
                                List<String> jvm, int rate, int every, int idle) throws Exception {
        Path landing = Files.createDirectories(dataDir.resolve("landing").resolve(IngestionBenchmark.ORG)
                .resolve(IngestionBenchmark.SANDBOX));
        Files.copy(csv, landing.resolve("members.csv"));
        Files.setLastModifiedTime(landing.resolve("members.csv"), FileTime.from(Instant.now().minusSeconds(60)));
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("RUN_POLL_MILLIS", "200");
        try (BenchServer server = BenchServer.app(database, jar, dataDir, jvm, all)) {
            String api = server.api() + "/external-audience";
            String fields = "[{\"name\": \"email\", \"type\": \"string\", \"identityNs\": \"email\"},"
                    + " {\"name\": \"tier\", \"type\": \"string\"}, {\"name\": \"points\", \"type\": \"integer\"},"
                    + " {\"name\": \"joined\", \"type\": \"date\"}, {\"name\": \"active\", \"type\": \"boolean\"}]";
            String operation = field(call("POST", api, "{\"name\": \"big\", \"fields\": " + fields
                    + ", \"sourceSpec\": {\"path\": \"members.csv\", \"type\": \"file\"},"
                    + " \"originName\": \"CUSTOM_UPLOAD\"}"), "operationId");
            String audience = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(
                    () -> field(call("GET", server.api() + "/external-audiences/operations/" + operation, null),
                            "audienceId"), Objects::nonNull);
            // a finished run of another audience to read while idle: the same route, the same answer's size
            String small = field(call("POST", api + "/" + audience + "/runs",
                    "{\"dataFilterStartTime\": 1700000000, \"dataFilterEndTime\": 1700000001}"), "runId");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(
                    () -> call("GET", api + "/" + audience + "/runs/" + small, null),
                    body -> !body.contains("\"status\":\"PROCESSING\""));
            print(List.of("", database + ": status reads (ms from each read's scheduled time to its answer)",
                    String.format("%-8s %-32s %10s %10s %7s %8s %8s %8s %8s", "t s", "run", "rows read",
                            "written", "reads", "p50", "p99", "max", "non-200")));
            Poller idleReads = Poller.start(api + "/" + audience + "/runs/" + small, rate);
            Thread.sleep(idle * 1000L);
            List<Read> before = idleReads.stop();
            print(List.of(String.format("%-8s %-32s %10s %10s %7d %8.1f %8.1f %8.1f %8d", "idle", "(a finished run)",
                    "-", "-", before.size(), p(before, 50), p(before, 99), p(before, 100), failures(before))));
            long started = System.nanoTime();
            String runId = field(call("POST", api + "/" + audience + "/runs",
                    "{\"dataFilterStartTime\": 0, \"differentialIngestion\": false}"), "runId");
            Poller reads = Poller.start(api + "/" + audience + "/runs/" + runId, rate);
            long next = started + every * 1_000_000_000L;
            int printed = 0;
            while (!reads.ended()) {
                Thread.sleep(50);
                if (System.nanoTime() >= next) {
                    List<Read> window = reads.since(printed);
                    printed += window.size();
                    print(List.of(progress((next - started) / 1e9, window)));
                    next += every * 1_000_000_000L;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            List<Read> during = reads.stop();
            List<Read> rest = during.subList(Math.min(printed, during.size()), during.size());
            if (!rest.isEmpty()) {
                print(List.of(progress(seconds, rest)));
            }
            String run = call("GET", api + "/" + audience + "/runs/" + runId, null);
            List<String> lines = new ArrayList<>(List.of(String.format("%s: the run %s in %.1f s (%s rows read);"
                            + " status reads, ms:", database, run.contains("\"status\":\"SUCCESS\"") ? "succeeded"
                            : "did NOT succeed", seconds, number(ROWS_READ, run)),
                    String.format("  %-30s %7s %8s %8s %8s %8s %8s", "while", "reads", "p50", "p90", "p99", "max",
                            "non-200"),
                    summary("idle, before the run", before)));
            for (String phase : List.of("queued", "reading (DATASET_INGEST)", "merging (PROFILE_STORE_INGEST)")) {
                List<Read> inPhase = during.stream().filter(read -> read.phase().equals(phase)).toList();
                if (!inPhase.isEmpty()) {
                    lines.add(summary(phase, inPhase));
                }
            }
            lines.add(summary("the whole run", during.stream().filter(read -> !read.phase().equals("ended"))
                    .toList()));
            print(lines);
        }
    }

    private static String progress(double at, List<Read> window) {
        Read last = window.isEmpty() ? null : window.get(window.size() - 1);
        return String.format("%-8.1f %-32s %,10d %,10d %7d %8.1f %8.1f %8.1f %8d", at,
                last == null ? "-" : last.phase(), last == null ? 0 : last.rowsRead(),
                last == null ? 0 : last.membersWritten(), window.size(), p(window, 50), p(window, 99), p(window, 100),
                failures(window));
    }

    private static String summary(String label, List<Read> reads) {
        return String.format("  %-30s %7d %8.1f %8.1f %8.1f %8.1f %8d", label, reads.size(), p(reads, 50),
                p(reads, 90), p(reads, 99), p(reads, 100), failures(reads));
    }

    private static double p(List<Read> reads, double percentile) {
        Latencies latencies = new Latencies();
        reads.forEach(read -> latencies.add(read.latencyNanos()));
        return Latencies.merged(List.of(latencies)).percentileMillis(percentile);
    }

    private static long failures(List<Read> reads) {
        return reads.stream().filter(read -> read.status() != 200).count();
    }

    private static String number(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        return matcher.find() ? String.format("%,d", Long.parseLong(matcher.group(1))) : "?";
    }

    /** Which part of the run an answer shows. */
    static String phase(String body) {
        if (!body.contains("\"status\":\"PROCESSING\"")) {
            return "ended";
        }
        Map<String, String> stages = new LinkedHashMap<>();
        Matcher matcher = STAGE.matcher(body);
        while (matcher.find()) {
            stages.put(matcher.group(1), matcher.group(2));
        }
        if ("PROCESSING".equals(stages.get("PROFILE_STORE_INGEST"))
                || "SUCCESS".equals(stages.get("DATASET_INGEST"))) {
            return "merging (PROFILE_STORE_INGEST)";
        }
        return "PROCESSING".equals(stages.get("DATASET_INGEST")) ? "reading (DATASET_INGEST)" : "queued";
    }

    /**
     * Status reads at a fixed rate from a few threads, each on its own keep-alive connection: read {@code k} is due at
     * {@code start + k / rate}, taken by whichever thread is free, so that a slow answer delays no later read.
     */
    private static final class Poller {

        private static final int THREADS = 8;

        private final ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        private final List<Read> ordered = new ArrayList<>();
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        static Poller start(String url, int rate) {
            Poller poller = new Poller();
            long start = System.nanoTime();
            long period = 1_000_000_000L / rate;
            AtomicLong slots = new AtomicLong();
            for (int t = 0; t < THREADS; t++) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Thread thread = new Thread(() -> poller.poll(client, url, start, period, slots), "status-" + t);
                thread.start();
                poller.threads.add(thread);
            }
            return poller;
        }

        private void poll(HttpClient client, String url, long start, long period, AtomicLong slots) {
            while (!stopping.get()) {
                long due = start + slots.getAndIncrement() * period;
                long wait = due - System.nanoTime();
                try {
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
                    LoadGenerator.HEADERS.forEach(request::header);
                    HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    String phase = phase(answer.body());
                    Matcher rows = ROWS_READ.matcher(answer.body());
                    Matcher written = IngestionBenchmark.MEMBERS_WRITTEN.matcher(answer.body());
                    reads.add(new Read(due, System.nanoTime() - due, answer.statusCode(), phase,
                            rows.find() ? Long.parseLong(rows.group(1)) : 0,
                            written.find() ? Long.parseLong(written.group(1)) : 0));
                    if (phase.equals("ended")) {
                        ended.set(true);
                    }
                } catch (IOException failed) {
                    reads.add(new Read(due, System.nanoTime() - due, -1, "failed", 0, 0));
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }

        boolean ended() {
            return ended.get();
        }

        /** The reads answered since the first {@code count} taken, in the order of their scheduled times. */
        synchronized List<Read> since(int count) {
            for (Read read = reads.poll(); read != null; read = reads.poll()) {
                ordered.add(read);
            }
            List<Read> all = new ArrayList<>(ordered);
            all.sort((a, b) -> Long.compare(a.dueNanos(), b.dueNanos()));
            return all.subList(Math.min(count, all.size()), all.size());
        }

        List<Read> stop() throws InterruptedException {
            stopping.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            return since(0);
        }
    }
}
