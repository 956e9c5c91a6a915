package dev.extaudiences.app.http;

import static org.awaitility.Awaitility.await;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The server as its own process (the same classes, started through {@code Main}), so that a test can kill it with
 * SIGKILL in the middle of its work and start it again on the same data, as an operator's crash would.
 */
final class ChildServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ChildServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ChildServer start(Path data, Map<String, String> overrides) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, String> environment = new HashMap<>(Map.of(
                "EXTAUDIENCES_DATA_DIR", data.toString(),
                "EXTAUDIENCES_PORT", Integer.toString(port),
                "EXTAUDIENCES_HOST", "127.0.0.1",
                "EXTAUDIENCES_AUTH_TOKENS", TestServer.TOKEN + ":" + TestServer.ORG + ":alice@example.com",
                "EXTAUDIENCES_API_KEYS", TestServer.API_KEY,
                "EXTAUDIENCES_LOG_LEVEL", "WARN"));
        environment.putAll(overrides);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.extaudiences.app.Main")
                .redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + "-server.log").toFile());
        builder.environment().putAll(environment);
        ChildServer child = new ChildServer(builder.start(), port);
        child.awaitHealthy();
        return child;
    }

    private void awaitHealthy() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreException(UncheckedIOException.class)
                .failFast("the server process ended", () -> !process.isAlive())
                .until(() -> call("GET", "/health", null).status() == 200);
    }

    TestServer.Reply call(String method, String path, String body) {
        return TestServer.call(client, port, method, path, body, TestServer.headers("prod"));
    }

    JsonNode json(String method, String path, String body) {
        return call(method, path, body).json();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
