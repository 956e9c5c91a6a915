package dev.extaudiences.app.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server of the benchmarks as its own process: the app jar as the README starts it (or any main class on the jar's
 * class path, for the bare handler), on a free loopback port, with the benchmark's credentials, its output in a log
 * file beside its data. Closing it stops it as an operator would (SIGTERM), forcibly only if that takes over 30 s.
 */
final class BenchServer implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private BenchServer(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The server jar with {@code settings} (names without the {@code EXTAUDIENCES_} prefix) over the benchmark's own:
     * its credentials, the loopback, a quiet log. {@code jvm} are options for the JVM ({@code -Xmx...}), none by
     * default, as the README starts it.
     */
    static BenchServer app(String name, Path jar, Path dataDir, List<String> jvm, Map<String, String> settings)
            throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("EXTAUDIENCES_DATA_DIR", dataDir.toString());
        env.put("EXTAUDIENCES_AUTH_TOKENS", IngestionBenchmark.TOKEN + ":*:bench");
        env.put("EXTAUDIENCES_API_KEYS", IngestionBenchmark.KEY);
        env.put("EXTAUDIENCES_LOG_LEVEL", "WARN");
        settings.forEach((key, value) -> env.put("EXTAUDIENCES_" + key, value));
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvm);
        command.addAll(List.of("-jar", jar.toString()));
        return start(name, command, dataDir, env);
    }

    /** {@code mainClass} on {@code classPath}, told its port as {@code --port N} before {@code args}. */
    static BenchServer main(String name, String classPath, String mainClass, Path dir, List<String> jvm,
                            List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvm);
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(args);
        return start(name, command, dir, Map.of());
    }

    private static BenchServer start(String name, List<String> command, Path dir, Map<String, String> env)
            throws Exception {
        Files.createDirectories(dir);
        int port = freePort();
        List<String> withPort = new ArrayList<>(command);
        if (env.isEmpty()) {
            withPort.addAll(List.of("--port", Integer.toString(port)));
        }
        Path log = dir.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(withPort).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("EXTAUDIENCES_PORT", Integer.toString(port));
        builder.environment().put("EXTAUDIENCES_HOST", "127.0.0.1");
        BenchServer server = new BenchServer(name, builder.start(), port, log);
        try {
            IngestionBenchmark.awaitHealthy(server.base());
        } catch (RuntimeException notHealthy) {
            server.close();
            throw new IllegalStateException(name + " did not start; its log " + log + ":\n"
                    + Files.readString(log), notHealthy);
        }
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    String name() {
        return name;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String api() {
        return base() + "/data/core/ais";
    }

    /** Throws, naming the exit status and the log, when the server is no longer running. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with status " + process.exitValue() + "; its log: "
                    + log);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
