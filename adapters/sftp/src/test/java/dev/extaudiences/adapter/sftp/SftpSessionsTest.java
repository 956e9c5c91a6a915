package dev.extaudiences.adapter.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.source.SourceFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One SSH session per storage, shared by every reader at once, and replaced when it is lost. */
class SftpSessionsTest {

    private static final int FILES = 6;
    private static final int SIZE = 512 * 1024;

    @TempDir
    static Path temp;

    private static SftpTestServer server;
    private static final List<byte[]> contents = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = SftpTestServer.start(temp.resolve("served"));
        Path drops = Files.createDirectories(server.home().resolve("drops"));
        for (int i = 0; i < FILES; i++) {
            byte[] content = new byte[SIZE];
            new Random(i).nextBytes(content);
            contents.add(content);
            Files.write(drops.resolve("part-" + i + ".csv"), content);
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void readersAtOnceShareOneSessionAndEachGetsItsOwnBytes() throws Exception {
        int before = server.sessionsOpened();
        ExecutorService readers = Executors.newFixedThreadPool(FILES);
        try (SftpStorage storage = new SftpStorage(server.connection("/drops"))) {
            List<Future<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                String path = "part-" + i + ".csv";
                reads.add(readers.submit(() -> {
                    SourceFile file = storage.file(path).orElseThrow();
                    try (InputStream in = storage.open(file, 0)) {
                        return in.readAllBytes();
                    }
                }));
            }
            for (int i = 0; i < FILES; i++) {
                assertThat(Arrays.equals(reads.get(i).get(), contents.get(i))).as("part %d", i).isTrue();
            }
            assertThat(storage.folder("").orElseThrow()).hasSize(FILES);
        } finally {
            readers.shutdownNow();
        }
        assertThat(server.sessionsOpened() - before).isEqualTo(1);
    }

    @Test
    void aSessionAsksForAesGcmAndMlKemFirstAndReadsFromAServerThatOffersNeither() throws Exception {
        try (SftpStorage storage = new SftpStorage(server.connection("/drops"))) {
            assertThat(storage.file("part-0.csv")).isPresent();
        }
        // the processor's AES instructions rather than ChaCha20 in Java; ML-KEM rather than the slower sntrup761
        assertThat(server.lastNegotiated()).containsEntry(KexProposalOption.C2SENC, "aes256-gcm@openssh.com")
                .containsEntry(KexProposalOption.S2CENC, "aes256-gcm@openssh.com")
                .containsEntry(KexProposalOption.ALGORITHMS, "mlkem768x25519-sha256");

        // an older server: ChaCha20 or CTR, and X25519 alone
        try (SftpTestServer older = SftpTestServer.start(temp.resolve("older"),
                List.of(SftpTestServer.newKeyPair("ecdsa-sha2-nistp256", 256)), configured -> {
                    SftpModuleProperties.SFTP_VERSION.set(configured, 3);
                    configured.setCipherFactories(List.of(BuiltinCiphers.cc20p1305_openssh, BuiltinCiphers.aes128ctr));
                    configured.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(false,
                            List.of(BuiltinDHFactories.curve25519), ServerBuilder.DH2KEX));
                })) {
            Files.write(older.home().resolve("one.csv"), contents.get(0));
            try (SftpStorage storage = new SftpStorage(older.connection("/"))) {
                SourceFile file = storage.file("one.csv").orElseThrow();
                try (InputStream in = storage.open(file, 0)) {
                    assertThat(Arrays.equals(in.readAllBytes(), contents.get(0))).isTrue();
                }
            }
            assertThat(older.lastNegotiated()).containsEntry(KexProposalOption.S2CENC,
                    "chacha20-poly1305@openssh.com").containsEntry(KexProposalOption.ALGORITHMS, "curve25519-sha256");
        }
    }

    @Test
    void aSessionTheServerEndedIsReplacedWithoutAFailure() throws Exception {
        try (SftpStorage storage = new SftpStorage(server.connection("/drops"))) {
            assertThat(storage.file("part-0.csv")).isPresent();
            int before = server.sessionsOpened();

            server.dropSessions();

            assertThat(storage.file("part-1.csv")).isPresent();
            assertThat(storage.folder("").orElseThrow()).hasSize(FILES);
            assertThat(server.sessionsOpened() - before).isEqualTo(1);
        }
    }

    @Test
    void aSessionLeftUnusedPastTheReadTimeoutIsClosedAndTheNextCallOpensAnother() throws Exception {
        Timeouts quickIdle = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(1));
        try (SftpStorage storage = new SftpStorage(server.connection("/drops").withTimeouts(quickIdle))) {
            assertThat(storage.file("part-0.csv")).isPresent();
            int before = server.sessionsOpened();

            Thread.sleep(2500);

            assertThat(storage.file("part-1.csv")).isPresent();
            assertThat(server.sessionsOpened() - before).isEqualTo(1);
        }
    }

    @Test
    void aServerOfSftpVersion6IsReadTheSame() throws Exception {
        try (SftpTestServer v6 = SftpTestServer.start(temp.resolve("served-v6"), List.of(SftpTestServer.newKeyPair(
                "ecdsa-sha2-nistp256", 256)), configured -> SftpModuleProperties.SFTP_VERSION.set(configured, 6));
             SftpStorage storage = new SftpStorage(v6.connection("/"))) {
            Files.write(v6.home().resolve("part-0.csv"), contents.get(0));

            SourceFile file = storage.file("part-0.csv").orElseThrow();

            assertThat(storage.folder("").orElseThrow()).containsExactly(file);
            try (InputStream in = storage.open(file, 1000)) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(contents.get(0), 1000, SIZE));
            }
        }
    }

    @Test
    void aReadFromAnOffsetIsSentOnlyTheBytesFromThere() throws Exception {
        Path big = server.home().resolve("drops-big/big.csv");
        Files.createDirectories(big.getParent());
        byte[] content = new byte[4 * 1024 * 1024];
        new Random(7).nextBytes(content);
        Files.write(big, content);
        try (StallingProxy proxy = new StallingProxy(server.address());
             SftpStorage storage = new SftpStorage(server.connectionAt(proxy.port(), "/drops-big"))) {
            SourceFile file = storage.file("big.csv").orElseThrow();
            long before = proxy.bytesFromServer();
            int offset = content.length - 1000;

            byte[] tail;
            try (InputStream in = storage.open(file, offset)) {
                tail = in.readAllBytes();
            }

            assertThat(Arrays.equals(tail, Arrays.copyOfRange(content, offset, content.length))).isTrue();
            assertThat(proxy.bytesFromServer() - before).as("bytes sent for the last 1000")
                    .isLessThan(64 * 1024);
        }
    }
}
