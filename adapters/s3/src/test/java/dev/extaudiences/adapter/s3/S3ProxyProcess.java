package dev.extaudiences.adapter.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy as its own process on a free loopback port, with an in-memory blob store and AWS signatures checked
 * against one key pair: a real S3 server that refuses a wrong secret, which S3Mock (accepting any credentials) is
 * not. One per test JVM, started on first use, stopped when the JVM ends however its tests ended.
 */
public final class S3ProxyProcess {

    public static final String ACCESS_KEY_ID = "contract-key";
    public static final String SECRET = "contract-secret-4f1c9e0b7a";

    private static S3ProxyProcess shared;

    private final Process process;
    private final int port;

    private S3ProxyProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The server of this JVM, started if it is not yet. */
    public static synchronized S3ProxyProcess shared() {
        if (shared == null) {
            // quick to start rather than fast: the tests send it little
            shared = start(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "s3proxy-stop"));
        }
        return shared;
    }

    /**
     * A server of its own, its JVM started with {@code jvmOptions} (a benchmark's: a larger heap for the objects it
     * keeps in memory, and the optimising compiler), stopped when this JVM ends.
     */
    public static S3ProxyProcess startWith(List<String> jvmOptions) {
        S3ProxyProcess server = start(jvmOptions);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3proxy-stop"));
        return server;
    }

    /** The server's process id: what a benchmark reads the server's processor time of. */
    public long pid() {
        return process.pid();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private static S3ProxyProcess start(List<String> jvmOptions) {
        try {
            Path jar = Path.of(System.getProperty("s3proxy.jar",
                    "target/test-servers/s3proxy-jar-with-dependencies.jar"));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no S3Proxy jar at " + jar.toAbsolutePath()
                        + ": the build copies it there before the tests (mvn -pl adapters/s3 -am verify)");
            }
            int port = freePort();
            Path work = Files.createDirectories(Path.of("target", "s3proxy"));
            Path settings = work.resolve("s3proxy-" + port + ".properties");
            Files.write(settings, List.of(
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY_ID,
                    "s3proxy.credential=" + SECRET,
                    "jclouds.provider=transient",
                    "jclouds.identity=unused",
                    "jclouds.credential=unused"));
            List<String> command = new java.util.ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString(), "--properties", settings.toString()));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("s3proxy-" + port + ".log").toFile())
                    .start();
            S3ProxyProcess server = new S3ProxyProcess(process, port);
            server.awaitAnswering(Duration.ofSeconds(60), work.resolve("s3proxy-" + port + ".log"));
            return server;
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** Until the server answers HTTP at all (an anonymous request is refused, which is an answer). */
    private void awaitAnswering(Duration patience, Path log) throws IOException {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy ended at start with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                HttpURLConnection probe = (HttpURLConnection) endpoint().toURL().openConnection();
                probe.setConnectTimeout(500);
                probe.setReadTimeout(2000);
                int status = probe.getResponseCode();
                probe.disconnect();
                if (status > 0) {
                    return;
                }
            } catch (IOException notYet) {
                pause();
            }
        }
        stop();
        throw new IllegalStateException("S3Proxy did not answer within " + patience + ":\n" + Files.readString(log));
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A loopback port nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }
}
