package dev.extaudiences.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.extaudiences.app.CompositionRoot;
import dev.extaudiences.app.Server;
import dev.extaudiences.app.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running stand-in: the real server in this JVM on a free port (its settings built here, started through
 * {@link CompositionRoot#start}), a proxy in front of it that can answer faults, a temporary data directory with its
 * landing zone, and a clock the test moves. What a test reads of it ({@link #baseUrl}, {@link #token}, ...) and does
 * with it ({@link #dropFile}, {@link #awaitRun}, {@link #members}, {@link #failNext}, {@link #advance}) is here;
 * {@link StandInExtension} starts and stops it around a test class.
 *
 * <p>A reset gives the test a fresh sandbox of the same org: whatever earlier tests made lives in their sandboxes,
 * which the API never shows to a caller of another one (audiences, runs, members, operations, the landing folder and
 * the sandbox's guardrail count alike). The clock is not reset: it only moves forward.
 */
public class StandIn {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final Config config;
    private final AtomicInteger scopes = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private StandInClock clock;
    private Path dataDirectory;
    private Server server;
    private FaultProxy proxy;
    private volatile String sandbox;

    StandIn(Config config) {
        this.config = Objects.requireNonNull(config);
    }

    /** What a stand-in is started with; {@link StandInExtension.Builder} builds it. */
    record Config(Store store, Optional<String> jdbcUrl, String jdbcUser, String jdbcPassword, String orgId,
                  String sandboxBase, String token, String apiKey, boolean resetPerTest, Optional<Instant> clockStart,
                  Map<String, String> settings) {
    }

    /** Where the server keeps its state. */
    public enum Store {
        /** In-memory stores: nothing on disk but the landing zone (the default). */
        MEMORY,
        /** Embedded H2 in the temporary data directory. */
        H2,
        /** The database at a JDBC URL (PostgreSQL or H2), which keeps what earlier test runs left. */
        JDBC
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /** Starts the server and its proxy; the first scope (sandbox) is taken at once. */
    final synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            dataDirectory = Files.createTempDirectory("extaudiences-standin-");
        } catch (IOException failed) {
            throw new UncheckedIOException("the stand-in could not make its temporary data directory", failed);
        }
        Instant start = config.clockStart().orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS));
        clock = new StandInClock(Clock.systemUTC(), start);
        Map<String, String> values = new HashMap<>();
        values.put("EXTAUDIENCES_DATA_DIR", dataDirectory.toString());
        values.put("EXTAUDIENCES_HOST", "127.0.0.1");
        values.put("EXTAUDIENCES_PORT", "0");
        values.put("EXTAUDIENCES_STORE", config.store() == Store.MEMORY ? "memory" : "database");
        config.jdbcUrl().ifPresent(url -> {
            values.put("EXTAUDIENCES_DATABASE_URL", url);
            values.put("EXTAUDIENCES_DATABASE_USER", config.jdbcUser());
            values.put("EXTAUDIENCES_DATABASE_PASSWORD", config.jdbcPassword());
        });
        values.put("EXTAUDIENCES_AUTH_TOKENS", config.token() + ":" + config.orgId() + ":standin-user");
        values.put("EXTAUDIENCES_API_KEYS", config.apiKey());
        // workers are woken by a new run; the poll only bounds how soon a lapsed lease is seen
        values.put("EXTAUDIENCES_RUN_POLL_MILLIS", "100");
        values.putAll(config.settings());
        List<String> unknown = Settings.unknownNames(values);
        if (!unknown.isEmpty()) {
            deleteQuietly(dataDirectory);
            throw new IllegalArgumentException("the stand-in was given settings the server does not have: " + unknown);
        }
        try {
            server = CompositionRoot.start(Settings.from(values), clock);
            proxy = FaultProxy.start(URI.create("http://127.0.0.1:" + server.port()));
        } catch (RuntimeException failed) {
            stop();
            throw failed;
        }
        reset();
    }

    /** Stops the proxy and the server, and removes the data directory. */
    final synchronized void stop() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        if (dataDirectory != null) {
            deleteQuietly(dataDirectory);
            dataDirectory = null;
        }
    }

    final boolean resetsPerTest() {
        return config.resetPerTest();
    }

    /**
     * A fresh start for the next test without a restart: a new, empty sandbox (so {@link #sandbox()} and
     * {@link #headers()} change: read them in the test, not once per class), and no armed fault.
     */
    public final void reset() {
        running();
        proxy.clearFaults();
        int scope = scopes.incrementAndGet();
        String name = config.resetPerTest() ? config.sandboxBase() + "-" + scope
                : scope == 1 ? config.sandboxBase() : config.sandboxBase() + "-" + scope;
        if (config.store() == Store.JDBC) {
            // a database outlives the test run: the names of this run are its own
            name = name + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
        }
        sandbox = name;
    }

    // ---------------------------------------------------------------------------------------------- who and where

    /** The API's base URL, through the stand-in's proxy: {@code http://127.0.0.1:<port>/data/core/ais}. */
    public final String baseUrl() {
        return serverUrl() + FaultProxy.API_BASE;
    }

    /** The host and port only ({@code http://127.0.0.1:<port>}), for a client that appends the API path itself. */
    public final String serverUrl() {
        return "http://127.0.0.1:" + running().proxy.port();
    }

    /** The server itself, past the proxy: no fault is ever injected here, and the request reaches it byte for byte. */
    public final String directUrl() {
        return "http://127.0.0.1:" + running().server.port() + FaultProxy.API_BASE;
    }

    public final String token() {
        return config.token();
    }

    public final String apiKey() {
        return config.apiKey();
    }

    public final String orgId() {
        return config.orgId();
    }

    /** The current test's sandbox (a fresh one after every reset). */
    public final String sandbox() {
        running();
        return sandbox;
    }

    /** The four headers every call of the API needs, for the current sandbox, in the order they are named here. */
    public final Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token());
        headers.put("x-api-key", apiKey());
        headers.put("x-gw-ims-org-id", orgId());
        headers.put("x-sandbox-name", sandbox());
        return Collections.unmodifiableMap(headers);
    }

    /** The same headers as name, value, name, value... for {@link HttpRequest.Builder#headers(String...)}. */
    public final String[] headerArray() {
        List<String> flat = new ArrayList<>();
        headers().forEach((name, value) -> {
            flat.add(name);
            flat.add(value);
        });
        return flat.toArray(String[]::new);
    }

    // ---------------------------------------------------------------------------------------------- time

    /** The server's clock. */
    public final StandInClock clock() {
        return running().clock;
    }

    /** Moves the server's clock forward (members expire, a new guardrail day begins). */
    public final void advance(Duration step) {
        clock().advance(step);
    }

    // ---------------------------------------------------------------------------------------------- landing zone

    /** The landing folder of the current sandbox: what an audience's {@code sourceSpec.path} is relative to. */
    public final Path landingZone() {
        running();
        return dataDirectory.resolve("landing").resolve(orgId()).resolve(sandbox());
    }

    /** Writes a file into the current sandbox's landing zone, modified now by the server's clock. */
    public final Path dropFile(String path, String content) {
        return dropFile(path, content.getBytes(StandardCharsets.UTF_8), clock().instant());
    }

    /** Writes a file modified at {@code modifiedAt} (runs select files by modification time). */
    public final Path dropFile(String path, String content, Instant modifiedAt) {
        return dropFile(path, content.getBytes(StandardCharsets.UTF_8), modifiedAt);
    }

    /** Copies a class path resource (of the test's own resources) into the landing zone at {@code path}. */
    public final Path dropResource(String path, String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(StandIn.class.getClassLoader());
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no class path resource " + resource);
            }
            return dropFile(path, in.readAllBytes(), clock().instant());
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private Path dropFile(String path, byte[] content, Instant modifiedAt) {
        Path root = landingZone().normalize();
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("the path " + path + " leaves the landing zone");
        }
        try {
            Files.createDirectories(file.getParent());
            // written beside the landing zone, then moved in at once: a run never lists a half-written file
            Path partial = Files.createTempFile(Files.createDirectories(dataDirectory.resolve("drops")), "drop", ".part");
            Files.write(partial, content);
            Files.setLastModifiedTime(partial, FileTime.from(modifiedAt));
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException failed) {
            throw new UncheckedIOException("the stand-in could not write " + file, failed);
        }
        // a run started right after selects files modified strictly before it was created
        Instant after = modifiedAt.plusMillis(1);
        while (clock.instant().isBefore(after)) {
            Thread.onSpinWait();
        }
        return file;
    }

    // ---------------------------------------------------------------------------------------------- waiting, reading

    /** Waits for a create operation to succeed and answers the audience's id; a failed one fails the test. */
    public final String awaitOperation(String operationId) {
        Instant deadline = Instant.now().plus(DEFAULT_WAIT);
        while (true) {
            JsonNode operation = get("/external-audiences/operations/" + encode(operationId));
            String status = operation.path("status").asText();
            if (status.equals("SUCCESS")) {
                return operation.path("audienceId").asText();
            }
            if (!status.equals("PROCESSING")) {
                throw new AssertionError("the operation " + operationId + " ended " + status + ": " + operation);
            }
            pause(deadline, "the operation " + operationId + " is still PROCESSING: " + operation);
        }
    }

    /** Waits (up to 30 s) for a run to end, and answers it as it ended: SUCCESS or FAILED. */
    public final Run awaitRun(String audienceId, String runId) {
        return awaitRun(audienceId, runId, DEFAULT_WAIT);
    }

    public final Run awaitRun(String audienceId, String runId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode run = get("/external-audience/" + encode(audienceId) + "/runs/" + encode(runId));
            if (!run.path("status").asText().equals("PROCESSING")) {
                return Run.of(run);
            }
            pause(deadline, "the run " + runId + " is still PROCESSING after " + timeout + ": " + run);
        }
    }

    /** Every live member of an audience, in the server's order (read page by page). */
    public final List<Member> members(String audienceId) {
        List<Member> members = new ArrayList<>();
        for (int start = 0; ; start += 100) {
            JsonNode page = get("/external-audience/" + encode(audienceId) + "/members?limit=100&start=" + start);
            page.path("members").forEach(member -> members.add(Member.of(member)));
            if (page.path("members").size() < 100) {
                return members;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- faults

    /**
     * The next {@code times} calls of {@code method} on {@code path} are answered with {@code fault} by the proxy,
     * without reaching the server. {@code path} is under the API base ({@code /external-audience/*}{@code /runs}),
     * {@code *} standing for one path segment; a query is not part of it.
     */
    public final void failNext(String method, String path, int times, Fault fault) {
        running().proxy.failNext(method, path, times, fault);
    }

    public final void clearFaults() {
        running().proxy.clearFaults();
    }

    // ---------------------------------------------------------------------------------------------- answers

    /** A run as the API answers it; {@link #json} is the whole answer. */
    public record Run(String runId, String status, Map<String, Long> metrics, List<String> errors, String json) {

        static Run of(JsonNode run) {
            Map<String, Long> metrics = new LinkedHashMap<>();
            run.path("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().asLong()));
            List<String> errors = new ArrayList<>();
            run.path("errors").forEach(error -> errors.add(error.path("reason").asText()));
            return new Run(run.path("runId").asText(), run.path("status").asText(), Map.copyOf(metrics),
                    List.copyOf(errors), run.toString());
        }

        public boolean succeeded() {
            return status.equals("SUCCESS");
        }

        /** A count of the run's {@code metrics} ({@code membersAdded}, {@code rowsRejected}, ...); 0 if absent. */
        public long metric(String name) {
            return metrics.getOrDefault(name, 0L);
        }
    }

    /** One member as the API answers it. */
    public record Member(String namespace, String value, Map<String, String> attributes) {

        static Member of(JsonNode member) {
            Map<String, String> attributes = new LinkedHashMap<>();
            member.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
            return new Member(member.path("namespace").asText(), member.path("value").asText(), Map.copyOf(attributes));
        }
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    private StandIn running() {
        if (server == null) {
            throw new IllegalStateException("the stand-in is not running: register its extension on a static field"
                    + " (@RegisterExtension static StandInExtension ...) or use @ExternalAudiencesTest");
        }
        return this;
    }

    /** A helper's own call, to the server past the proxy: an injected fault is for the client under test only. */
    private JsonNode get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(directUrl() + path)).timeout(Duration.ofSeconds(30))
                .headers(headerArray()).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the stand-in", interrupted);
        }
    }

    private static void pause(Instant deadline, String whatIsLate) {
        if (Instant.now().isAfter(deadline)) {
            throw new AssertionError(whatIsLate);
        }
        try {
            Thread.sleep(20);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting: " + whatIsLate, interrupted);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void deleteQuietly(Path directory) {
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a temporary directory: the system's own cleaning removes what is left
        }
    }
}
