package dev.extaudiences.adapter.azure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Microsoft's Blob Storage emulator, a real implementation of the Blob REST API, run as its own Node.js process for
 * this test JVM: installed from npm into {@code target/azurite} the first time, started once on a free loopback port
 * with its data in a fresh folder, and stopped when the JVM ends, however the tests went. A JVM killed outright takes
 * it along too: it is started with a watch on its standard input, which closes when this JVM dies.
 */
public final class Azurite {

    static final String VERSION = "3.35.0";
    /** The emulator's well-known development account and key (published in its documentation, not a secret). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration START = Duration.ofSeconds(30);
    private static Azurite shared;

    private final Process process;
    private final int port;
    private final Path log;
    private final Path data;

    private Azurite(Process process, int port, Path log, Path data) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.data = data;
    }

    /** The emulator of this JVM, installed and started on first use. */
    public static synchronized Azurite shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start(Path.of(System.getProperty("azurite.dir", "target/azurite")).toAbsolutePath());
        }
        return shared;
    }

    /** Where the blob service listens. */
    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** The account's blob service URL, emulator style (the account in the path). */
    public String accountUrl() {
        return accountUrl(port);
    }

    static String accountUrl(int port) {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    private static Azurite start(Path home) throws IOException, InterruptedException {
        Path main = installed(home);
        Path watch = home.resolve("exit-with-parent.js");
        Files.writeString(watch, "process.stdin.on('end', () => process.exit(0));\n"
                + "process.stdin.on('error', () => process.exit(0));\nprocess.stdin.resume();\n");
        Path data = Files.createTempDirectory(home, "data-");
        int port = freePort();
        Path log = home.resolve("azurite-" + port + ".log");
        Process process = new ProcessBuilder("node", "--require", watch.toString(), main.toString(),
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port), "--location", data.toString(),
                // no telemetry: it would try to reach Microsoft's collector, and nothing but loopback is to be reached
                "--silent", "--skipApiVersionCheck", "--disableTelemetry")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Azurite azurite = new Azurite(process, port, log, data);
        Runtime.getRuntime().addShutdownHook(new Thread(azurite::stop, "azurite-stop"));
        azurite.awaitListening();
        return azurite;
    }

    /** The emulator's blob entry point, installed by npm when it is not there in this version. */
    private static Path installed(Path home) throws IOException, InterruptedException {
        Path module = home.resolve("node_modules/azurite");
        Path main = module.resolve("dist/src/blob/main.js");
        Path manifest = module.resolve("package.json");
        if (Files.exists(main) && Files.readString(manifest).contains("\"version\": \"" + VERSION + "\"")) {
            return main;
        }
        Files.createDirectories(home);
        Path log = home.resolve("npm-install.log");
        Instant began = Instant.now();
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund",
                    "--loglevel=error", "azurite@" + VERSION)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException noNpm) {
            throw new IOException("the Azure tests run the Azurite emulator, installed with npm: Node.js 20 and npm "
                    + "must be on the PATH", noNpm);
        }
        if (!npm.waitFor(10, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            throw new IOException("npm install azurite@" + VERSION + " took more than 10 minutes; see " + log);
        }
        if (npm.exitValue() != 0 || !Files.exists(main)) {
            throw new IOException("npm install azurite@" + VERSION + " failed (exit " + npm.exitValue() + "): "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        System.out.println("Azurite " + VERSION + " installed by npm into " + home + " in "
                + Duration.between(began, Instant.now()).toSeconds() + " s");
        return main;
    }

    private void awaitListening() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("Azurite stopped at start (exit " + process.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            try (Socket probe = new Socket()) {
                probe.connect(address(), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        stop();
        throw new IOException("Azurite did not listen on port " + port + " within " + START.toSeconds() + " s: "
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    private void stop() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException interrupted) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException leftBehind) {
            // under target/: the next clean removes it
        }
    }

    /** A loopback port nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
