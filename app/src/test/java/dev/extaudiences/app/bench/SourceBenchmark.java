package dev.extaudiences.app.bench;

import static dev.extaudiences.app.bench.IngestionBenchmark.call;
import static dev.extaudiences.app.bench.IngestionBenchmark.field;
import static dev.extaudiences.app.bench.IngestionBenchmark.print;
import static org.awaitility.Awaitility.await;

import dev.extaudiences.adapter.csv.FastCsvDecoder;
import dev.extaudiences.adapter.files.DirectoryStorage;
import dev.extaudiences.adapter.s3.S3Connection;
import dev.extaudiences.adapter.s3.S3Credentials;
import dev.extaudiences.adapter.s3.S3ProxyProcess;
import dev.extaudiences.adapter.s3.S3Storage;
import dev.extaudiences.adapter.s3.TestBuckets;
import dev.extaudiences.adapter.sftp.Auth;
import dev.extaudiences.adapter.sftp.KnownHosts;
import dev.extaudiences.adapter.sftp.SftpConnection;
import dev.extaudiences.adapter.sftp.SftpStorage;
import dev.extaudiences.adapter.sftp.SftpTestServer;
import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.service.StoredSourceFiles;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.TenantScope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingestion benchmark's file read from each protocol in one run of the harness: the same CSV from a local
 * directory, from S3 (S3Proxy, a real S3 server, as its own process) and from SFTP (Apache MINA SSHD's server, in
 * this JVM), all on the loopback, so that what differs between them is the reading path. First each storage is read
 * here, in this JVM, through the same classes a run reads with (bytes alone, then rows through the domain's stored
 * files and the CSV decoder); then the server jar runs as its own process on embedded PostgreSQL with one connection
 * of each kind, and a new audience is ingested in full from each, timed from POST .../runs to SUCCESS, beside the
 * processor time the server used for it and the processor time the storage's own server used. Prints a table with
 * each remote source's ratio to the directory, and the median of the rounds; asserts nothing. Run it as
 * app/BENCHMARKS.md says.
 */
public final class SourceBenchmark {

    private static final String S3_SECRET_VARIABLE = "BENCH_S3_SECRET";
    private static final String SFTP_PASSWORD_VARIABLE = "BENCH_SFTP_PASSWORD";
    private static final String FILE = "members.csv";

    private SourceBenchmark() {
    }

    /**
     * One source, as the server's connection and as the audience names it, and the processor time its storage's
     * server has used so far (S3Proxy's process; this JVM, where the SFTP server runs; none for a directory).
     */
    private record Source(String name, String connection, String cloudType, SourceStorage storage,
                          DoubleSupplier storageCpu) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = IngestionBenchmark.options(args);
        int rows = Integer.parseInt(options.getOrDefault("rows", "1000000"));
        String heap = options.getOrDefault("heap", "256m");
        // --rounds N runs every source N times, in a rotated order each round
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "1"));
        // --warmup N runs N rounds through the server first, printed but not to be read (the JIT, the caches)
        int warmups = Integer.parseInt(options.getOrDefault("warmup", "1"));
        // --jfr true records the server with Java Flight Recorder during each run, a file per run
        boolean jfr = Boolean.parseBoolean(options.getOrDefault("jfr", "false"));
        // --read-only false skips the reading in this JVM; --server false skips the runs through the server
        boolean readOnly = Boolean.parseBoolean(options.getOrDefault("read-only", "true"));
        boolean throughServer = Boolean.parseBoolean(options.getOrDefault("server", "true"));
        Path jar = throughServer ? IngestionBenchmark.jar(options.get("jar")) : null;
        Path work = WorkDirectory.create("extaudiences-source-bench");
        Path csv = work.resolve(FILE);
        IngestionBenchmark.generate(csv, rows);
        long size = Files.size(csv);
        System.out.printf("%,d rows, %,d bytes of CSV, server heap -Xmx%s, %d cores, load average %s%n", rows, size,
                heap, Runtime.getRuntime().availableProcessors(), load());

        // the local directory
        Path local = Files.createDirectories(work.resolve("local"));
        Files.copy(csv, local.resolve(FILE));
        // S3: S3Proxy as its own process, with the optimising compiler and room for the object it keeps in memory
        System.setProperty("s3proxy.jar", s3proxyJar(options.get("s3proxy-jar")).toString());
        S3ProxyProcess s3 = S3ProxyProcess.startWith(List.of("-Xmx" + options.getOrDefault("s3proxy-heap", "1g")));
        String bucket;
        try (TestBuckets buckets = TestBuckets.of(s3)) {
            bucket = buckets.newBucket();
            buckets.put(bucket, "bench/" + FILE, csv);
        }
        // SFTP: MINA SSHD's server in this JVM, on a directory holding the file
        Path home = Files.createDirectories(work.resolve("sftp-home").resolve("drops"));
        Files.copy(csv, home.resolve(FILE));
        for (Path file : List.of(local.resolve(FILE), home.resolve(FILE))) {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        }
        try (SftpTestServer sftp = SftpTestServer.start(home.getParent())) {
            Path knownHosts = Files.writeString(work.resolve("known_hosts"),
                    sftp.knownHostsLine("127.0.0.1", sftp.port()) + "\n");
            try (S3Storage s3Storage = S3Storage.of(S3Connection.compatible(s3.endpoint(), bucket, "bench",
                    S3Credentials.of(S3ProxyProcess.ACCESS_KEY_ID, S3ProxyProcess.SECRET)));
                 SftpStorage sftpStorage = new SftpStorage(SftpConnection.of("127.0.0.1", SftpTestServer.USER,
                         "/drops", Auth.password(SftpTestServer.PASSWORD), KnownHosts.read(knownHosts))
                         .withPort(sftp.port()))) {
                List<Source> sources = List.of(
                        new Source("directory", "local=S3:" + local, "S3", DirectoryStorage.of(local), () -> 0),
                        new Source("s3", "s3=s3://" + bucket + "/bench?endpoint=" + s3.endpoint()
                                + "&accessKeyId=" + S3ProxyProcess.ACCESS_KEY_ID + "&secretAccessKey=env:"
                                + S3_SECRET_VARIABLE, "S3", s3Storage, () -> cpuSeconds(s3.pid())),
                        new Source("sftp", "sftp=sftp://" + SftpTestServer.USER + "@127.0.0.1:" + sftp.port()
                                + "/drops?password=env:" + SFTP_PASSWORD_VARIABLE + "&knownHosts=" + knownHosts,
                                "SFTP", sftpStorage, () -> cpuSeconds(ProcessHandle.current().pid())));
                if (readOnly) {
                    readHere(sources, rows, size, rounds);
                }
                if (throughServer) {
                    runThroughServer(sources, work, rows, heap, jar, warmups, rounds, jfr);
                }
            }
        }
        System.out.printf("load average at the end: %s%n", load());
    }

    /**
     * Each storage read in this JVM: its bytes alone (64 KiB reads of the stream the storage opens), then its rows
     * through the domain's stored files (resumable reading, failure naming) and the CSV decoder, as a run reads them
     * before it checks and stages them.
     */
    private static void readHere(List<Source> sources, int rows, long size, int rounds) throws Exception {
        print(List.of("", "Read in this JVM (no server, no database):", String.format("%-10s %-14s %9s %11s %7s",
                "source", "read", "seconds", "per second", "ratio")));
        TenantScope scope = TenantScope.of("bench@AdobeOrg", "bench");
        SourceSpec spec = SourceSpec.dlz(FILE, SourceKind.FILE);
        // a warm-up of each, so that the first measured is not the one that paid for the JIT
        for (Source source : sources) {
            bytesOf(source.storage());
        }
        for (int round = 0; round < rounds; round++) {
            Map<String, double[]> measured = new LinkedHashMap<>();
            for (Source source : rotated(sources, round)) {
                long started = System.nanoTime();
                long bytes = bytesOf(source.storage());
                double byteSeconds = (System.nanoTime() - started) / 1e9;
                if (bytes != size) {
                    throw new IllegalStateException(source.name() + " gave " + bytes + " of " + size + " bytes");
                }
                StoredSourceFiles files = new StoredSourceFiles(any -> source.storage(), List.of(),
                        new FastCsvDecoder());
                started = System.nanoTime();
                long read = 0;
                SourceFile file = files.list(scope, spec).get(0);
                try (RecordStream stream = files.open(scope, spec, file)) {
                    while (stream.next().isPresent()) {
                        read++;
                    }
                }
                double rowSeconds = (System.nanoTime() - started) / 1e9;
                if (read != rows) {
                    throw new IllegalStateException(source.name() + " gave " + read + " of " + rows + " rows");
                }
                measured.put(source.name(), new double[] {byteSeconds, rowSeconds});
            }
            List<String> lines = new ArrayList<>();
            for (Source source : sources) {
                double[] seconds = measured.get(source.name());
                double[] local = measured.get("directory");
                lines.add(String.format("%-10s %-14s %9.2f %8.1f MB %6.2fx", source.name(), "bytes", seconds[0],
                        size / seconds[0] / 1e6, seconds[0] / local[0]));
                lines.add(String.format("%-10s %-14s %9.2f %,11.0f %6.2fx", source.name(), "rows (CSV)",
                        seconds[1], rows / seconds[1], seconds[1] / local[1]));
            }
            print(lines);
        }
    }

    private static long bytesOf(SourceStorage storage) throws Exception {
        SourceFile file = storage.file(FILE).orElseThrow();
        byte[] buffer = new byte[64 * 1024];
        long bytes = 0;
        try (InputStream in = storage.open(file, 0)) {
            for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
                bytes += read;
            }
        }
        return bytes;
    }

    /**
     * The server jar on embedded PostgreSQL with the three connections; per source a new audience, ingested in full,
     * then deleted and the members table vacuumed, so that every run writes into a table of the same shape.
     */
    private static void runThroughServer(List<Source> sources, Path work, int rows, String heap, Path jar,
                                         int warmups, int rounds, boolean jfr) throws Exception {
        print(List.of("", "Through the server (PostgreSQL, a new audience, full; * a warm-up round):",
                String.format("%-10s %9s %11s %8s %8s %14s %7s %7s %7s %7s", "source", "seconds", "rows/s", "read s",
                        "merge s", "bytesRead", "ratio", "read r", "cpu s", "store s")));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            Path dataDir = Files.createDirectories(work.resolve("server"));
            int port = 18_000 + (int) (Math.random() * 2_000);
            List<String> command = new ArrayList<>(List.of("java", "-Xmx" + heap));
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("server.log").toFile());
            Map<String, String> env = builder.environment();
            env.put("EXTAUDIENCES_DATABASE_URL", url);
            env.put("EXTAUDIENCES_DATABASE_USER", "postgres");
            env.put("EXTAUDIENCES_DATABASE_PASSWORD", "postgres");
            env.put("EXTAUDIENCES_PORT", Integer.toString(port));
            env.put("EXTAUDIENCES_HOST", "127.0.0.1");
            env.put("EXTAUDIENCES_DATA_DIR", dataDir.toString());
            env.put("EXTAUDIENCES_AUTH_TOKENS", IngestionBenchmark.TOKEN + ":*:bench");
            env.put("EXTAUDIENCES_API_KEYS", IngestionBenchmark.KEY);
            env.put("EXTAUDIENCES_RUN_POLL_MILLIS", "100");
            env.put("EXTAUDIENCES_LOG_LEVEL", "WARN");
            env.put("EXTAUDIENCES_CONNECTIONS", String.join(",", sources.stream().map(Source::connection).toList()));
            env.put(S3_SECRET_VARIABLE, S3ProxyProcess.SECRET);
            env.put(SFTP_PASSWORD_VARIABLE, SftpTestServer.PASSWORD);
            Process server = builder.start();
            try (Connection database = DriverManager.getConnection(url, "postgres", "postgres");
                 Statement sql = database.createStatement()) {
                String base = "http://127.0.0.1:" + port;
                IngestionBenchmark.awaitHealthy(base);
                String api = base + "/data/core/ais/external-audience";
                Map<String, List<double[]>> all = new LinkedHashMap<>();
                for (int round = -warmups; round < rounds; round++) {
                    Map<String, String[]> measured = new LinkedHashMap<>();
                    Map<String, double[]> seconds = new LinkedHashMap<>();
                    for (Source source : rotated(sources, Math.max(round, 0))) {
                        String audience = audience(base, api, source, round);
                        Optional<Path> recording = jfr && round >= 0
                                ? Optional.of(startRecording(server, work, source, round)) : Optional.empty();
                        double cpuBefore = cpuSeconds(server.pid());
                        double storageBefore = source.storageCpu().getAsDouble();
                        long started = System.nanoTime();
                        String runId = field(call("POST", api + "/" + audience + "/runs",
                                "{\"dataFilterStartTime\": 0, \"differentialIngestion\": false}"), "runId");
                        double read = -1;
                        String run;
                        do {
                            Thread.sleep(50);
                            run = call("GET", api + "/" + audience + "/runs/" + runId, null);
                            if (read < 0 && run.contains("\"stage\":\"DATASET_INGEST\",\"status\":\"SUCCESS\"")) {
                                read = (System.nanoTime() - started) / 1e9;
                            }
                        } while (run.contains("\"status\":\"PROCESSING\""));
                        double total = (System.nanoTime() - started) / 1e9;
                        double cpu = cpuSeconds(server.pid()) - cpuBefore;
                        double storageCpu = source.storageCpu().getAsDouble() - storageBefore;
                        if (recording.isPresent()) {
                            stopRecording(server, source, round);
                        }
                        if (!run.contains("\"status\":\"SUCCESS\"")) {
                            throw new IllegalStateException("the run from " + source.name() + " did not succeed: "
                                    + run);
                        }
                        seconds.put(source.name(), new double[] {total, read, cpu, storageCpu});
                        if (round >= 0) {
                            all.computeIfAbsent(source.name(), any -> new ArrayList<>()).add(new double[] {total,
                                    read, cpu, storageCpu});
                        }
                        measured.put(source.name(), new String[] {metric(run, "bytesRead"),
                                recording.map(Path::toString).orElse("")});
                        // the next source's run writes into a members table like this one's
                        call("DELETE", api + "/" + audience, null);
                        sql.execute("VACUUM ANALYZE");
                    }
                    List<String> lines = new ArrayList<>();
                    for (Source source : sources) {
                        double[] own = seconds.get(source.name());
                        double[] local = seconds.get("directory");
                        String[] more = measured.get(source.name());
                        lines.add(String.format("%-10s %9.1f %,11.0f %8.1f %8.1f %,14d %6.2fx %6.2fx %7.1f %7s%s",
                                source.name() + (round < 0 ? "*" : ""), own[0], rows / own[0], own[1], own[0] - own[1],
                                Long.parseLong(more[0]), own[0] / local[0], own[1] / local[1], own[2],
                                source.name().equals("directory") ? "-" : String.format("%.1f", own[3]),
                                more[1].isEmpty() ? "" : "  " + more[1]));
                    }
                    print(lines);
                }
                if (rounds > 1) {
                    // the median of the rounds, each source's own and its ratio to the directory's
                    List<String> lines = new ArrayList<>(List.of("median of " + rounds + " rounds:"));
                    double localTotal = median(all.get("directory"), 0);
                    double localRead = median(all.get("directory"), 1);
                    for (Source source : sources) {
                        double total = median(all.get(source.name()), 0);
                        double read = median(all.get(source.name()), 1);
                        lines.add(String.format("%-10s %9.1f %,11.0f %8.1f %8s %14s %6.2fx %6.2fx %7.1f %7s",
                                source.name(), total, rows / total, read, "", "", total / localTotal,
                                read / localRead, median(all.get(source.name()), 2),
                                source.name().equals("directory") ? "-"
                                        : String.format("%.1f", median(all.get(source.name()), 3))));
                    }
                    print(lines);
                }
            } finally {
                server.destroy();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** A new audience of the benchmark's fields reading the file from {@code source}; its id once created. */
    private static String audience(String base, String api, Source source, int round) throws Exception {
        String operation = field(call("POST", api, """
                {"name": "bench %s %d", "fields": [{"name": "email", "type": "string", "identityNs": "email"},
                 {"name": "tier", "type": "string"}, {"name": "points", "type": "integer"},
                 {"name": "joined", "type": "date"}, {"name": "active", "type": "boolean"}],
                 "sourceSpec": {"path": "%s", "type": "file", "cloudType": "%s", "baseConnectionId": "%s"},
                 "originName": "CUSTOM_UPLOAD"}""".formatted(source.name(), round, FILE, source.cloudType(),
                source.connection().substring(0, source.connection().indexOf('=')))), "operationId");
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(
                () -> field(call("GET", base + "/data/core/ais/external-audiences/operations/" + operation, null),
                        "audienceId"), Objects::nonNull);
    }

    private static Path startRecording(Process server, Path work, Source source, int round) throws Exception {
        Path file = Files.createDirectories(work.resolve("jfr")).resolve(source.name() + "-" + round + ".jfr");
        jcmd(server, "JFR.start", "name=" + source.name() + round, "settings=profile", "filename=" + file);
        return file;
    }

    private static void stopRecording(Process server, Source source, int round) throws Exception {
        jcmd(server, "JFR.stop", "name=" + source.name() + round);
    }

    private static void jcmd(Process server, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(server.pid())));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String said = new String(jcmd.getInputStream().readAllBytes());
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", line) + ": " + said);
        }
    }

    private static double median(List<double[]> measured, int which) {
        double[] values = measured.stream().mapToDouble(one -> one[which]).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    /** The run's own count of {@code name} from its metrics. */
    private static String metric(String run, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":(\\d+)").matcher(run);
        return matcher.find() ? matcher.group(1) : "-1";
    }

    /** The sources in the order of round {@code round}: each takes its turn first. */
    private static List<Source> rotated(List<Source> sources, int round) {
        List<Source> order = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            order.add(sources.get((i + round) % sources.size()));
        }
        return order;
    }

    /** The S3Proxy jar: as given, as the build copied it for the tests, or from the local Maven repository. */
    private static Path s3proxyJar(String given) throws IOException {
        List<Path> candidates = new ArrayList<>();
        if (given != null) {
            candidates.add(Path.of(given));
        }
        candidates.add(Path.of("app/target/test-servers/s3proxy-jar-with-dependencies.jar"));
        candidates.add(Path.of("adapters/s3/target/test-servers/s3proxy-jar-with-dependencies.jar"));
        Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "gaul", "s3proxy");
        if (Files.isDirectory(repository)) {
            try (var versions = Files.list(repository)) {
                versions.sorted(Comparator.reverseOrder()).forEach(version -> candidates.add(version.resolve(
                        "s3proxy-" + version.getFileName() + "-jar-with-dependencies.jar")));
            }
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().map(Path::toAbsolutePath)
                .orElseThrow(() -> new IllegalStateException("no S3Proxy jar: pass --s3proxy-jar PATH"));
    }

    /** The processor time (user and system) process {@code pid} has used, from {@code /proc}; 0 where unknown. */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the fields after the command, which is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime, fields 14 and 15 of the line, in clock ticks (100 a second on Linux)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException unknown) {
            return 0;
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException unknown) {
            return "unknown";
        }
    }
}
