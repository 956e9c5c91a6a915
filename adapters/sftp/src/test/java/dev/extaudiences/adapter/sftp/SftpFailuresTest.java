package dev.extaudiences.adapter.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How each failure of an SFTP storage reads: a storage failure naming {@code sftp://user@host:port/root} and what
 * failed, soon, and never a secret.
 */
class SftpFailuresTest {

    /** A handshake may take a second on a loaded machine: only the step under test is short. */
    private static final Timeouts SHORT_LOGIN = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1),
            Duration.ofSeconds(10));
    private static final Timeouts SHORT_READ = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(2));

    @TempDir
    static Path temp;

    private static SftpTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = SftpTestServer.start(temp.resolve("served"));
        Files.createDirectories(server.home().resolve("drops"));
        Files.writeString(server.home().resolve("drops/members.csv"), "email\nada@example.com\n");
        Files.writeString(server.home().resolve("not-a-directory"), "email\n");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static SourceException storageFailure(SftpConnection connection, StorageCall call) {
        try (SftpStorage storage = new SftpStorage(connection)) {
            SourceException failure = catchThrowableOfType(SourceException.class, () -> call.on(storage));
            assertThat(failure).as("a failure").isNotNull();
            assertThat(failure.kind()).as(failure.getMessage()).isEqualTo(SourceException.Kind.STORAGE_FAILURE);
            return failure;
        }
    }

    @FunctionalInterface
    private interface StorageCall {
        void on(SftpStorage storage) throws Exception;
    }

    @Test
    void aRefusedPasswordSaysSoAndWhoseItWas() {
        SftpConnection connection = server.connection("/drops").withAuth(Auth.password("not-the-password"));

        assertThat(storageFailure(connection, storage -> storage.folder("")))
                .hasMessage("sftp://reader@127.0.0.1:" + server.port() + "/drops: authentication refused: the server "
                        + "at 127.0.0.1:" + server.port() + " refused user 'reader' with a password");
    }

    @Test
    void aMissingRootIsAStorageFailureWhateverIsAsked() {
        SftpConnection connection = server.connection("/drops/gone");
        String expected = "sftp://reader@127.0.0.1:" + server.port() + "/drops/gone: the root directory "
                + "'/drops/gone' does not exist on the server";

        assertThat(storageFailure(connection, storage -> storage.folder(""))).hasMessage(expected);
        assertThat(storageFailure(connection, storage -> storage.folder("crm"))).hasMessage(expected);
        assertThat(storageFailure(connection, storage -> storage.file("crm/members.csv"))).hasMessage(expected);
        assertThat(storageFailure(connection, storage -> storage.open(new SourceFile("members.csv", Instant.EPOCH,
                6), 0))).hasMessage(expected);
    }

    @Test
    void aRootThatIsAFileIsAStorageFailure() {
        assertThat(storageFailure(server.connection("/not-a-directory"), storage -> storage.folder("")))
                .hasMessageEndingWith("/not-a-directory: the root '/not-a-directory' is not a directory on the "
                        + "server");
    }

    @Test
    void aRefusedConnectionFailsAtOnce() throws IOException {
        int port = SftpTestServer.unusedPort();
        Instant start = Instant.now();

        SourceException failure = storageFailure(server.connectionAt(port, "/drops"), storage -> storage.folder(""));

        assertThat(failure).hasMessage("sftp://reader@127.0.0.1:" + port + "/drops: could not connect to 127.0.0.1:"
                + port + ": Connection refused");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aNameThatResolvesToNoAddressSaysSo() {
        SftpConnection connection = new SftpConnection("sftp.nowhere.invalid", 22, "reader", "/drops",
                Auth.password(SftpTestServer.PASSWORD), KnownHosts.of(""), SftpTestServer.TIMEOUTS);

        assertThat(storageFailure(connection, storage -> storage.folder(""))).hasMessage("sftp://reader@"
                + "sftp.nowhere.invalid:22/drops: could not connect to sftp.nowhere.invalid:22: the name "
                + "'sftp.nowhere.invalid' does not resolve to an address");
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeFailsWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never a byte back
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Instant start = Instant.now();

            SourceException failure = storageFailure(server.connectionAt(silent.getLocalPort(), "/drops")
                    .withTimeouts(SHORT_LOGIN), storage -> storage.folder(""));

            assertThat(failure).hasMessageEndingWith(": the server at 127.0.0.1:" + silent.getLocalPort()
                    + " did not complete the SSH handshake and login within 1 s");
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aReadTheServerStopsAnsweringFailsWithinTheReadTimeout() throws Exception {
        Files.write(server.home().resolve("drops/big.csv"), new byte[8 * 1024 * 1024]);
        try (StallingProxy proxy = new StallingProxy(server.address());
             SftpStorage storage = new SftpStorage(server.connectionAt(proxy.port(), "/drops").withTimeouts(SHORT_READ))) {
            SourceFile file = storage.file("big.csv").orElseThrow();
            InputStream in = storage.open(file, 0);
            in.readNBytes(1024);
            proxy.stall();
            Instant start = Instant.now();

            IOException stuck = catchThrowableOfType(IOException.class, () -> {
                byte[] buffer = new byte[64 * 1024];
                while (in.read(buffer) != -1) {
                    // until the answers stop
                }
            });

            assertThat(stuck).as("the stalled read failed").isNotNull();
            assertThat(stuck.getMessage()).startsWith(storage.connection().location()
                    + ": the connection failed while reading: ");
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
            int before = server.sessionsOpened();
            proxy.resume();
            assertThat(storage.file("big.csv")).as("a new session, not the stuck one").isPresent();
            assertThat(server.sessionsOpened() - before).isEqualTo(1);
        }
    }

    @Test
    void noSecretIsInAnyMessageOrDescription() throws Exception {
        String passphrase = "the-key-passphrase";
        String keyFile = KeyFiles.PKCS8_PEM_ENCRYPTED.write(SftpTestServer.newKeyPair("ecdsa-sha2-nistp256", 256),
                passphrase);
        SftpConnection withPassword = server.connection("/drops");
        SftpConnection wrongPassword = withPassword.withAuth(Auth.password("a-wrong-password"));
        SftpConnection withKey = withPassword.withAuth(Auth.privateKey(keyFile, passphrase));
        SftpConnection wrongPassphrase = withPassword.withAuth(Auth.privateKey(keyFile, "a-wrong-passphrase"));
        SftpConnection impostor = withPassword.withKnownHosts(KnownHosts.of(SftpTestServer.knownHostsLine(
                "127.0.0.1", server.port(), SftpTestServer.newKeyPair("ecdsa-sha2-nistp256", 256).getPublic())));
        List<String> secrets = List.of(SftpTestServer.PASSWORD, "a-wrong-password", passphrase,
                "a-wrong-passphrase", keyFile.lines().skip(1).findFirst().orElseThrow());

        List<String> shown = new ArrayList<>();
        for (SftpConnection connection : List.of(withPassword, wrongPassword, withKey, impostor,
                withPassword.withRoot("/missing"))) {
            shown.add(connection.toString());
            shown.add(connection.auth().toString());
            try (SftpStorage storage = new SftpStorage(connection)) {
                shown.add(storage.toString());
                for (StorageCall call : List.<StorageCall>of(storage1 -> storage1.folder(""),
                        storage1 -> storage1.file("members.csv"),
                        storage1 -> storage1.open(new SourceFile("members.csv", Instant.EPOCH, 1), 0))) {
                    Exception failure = catchThrowableOfType(Exception.class, () -> call.on(storage));
                    if (failure != null) {
                        shown.add(failure.getMessage());
                    }
                }
            }
        }
        shown.add(catchThrowableOfType(IllegalArgumentException.class, () -> new SftpStorage(wrongPassphrase))
                .getMessage());

        assertThat(shown).hasSizeGreaterThan(15);
        for (String secret : secrets) {
            assertThat(shown).allSatisfy(text -> assertThat(text).doesNotContain(secret));
        }
    }
}
