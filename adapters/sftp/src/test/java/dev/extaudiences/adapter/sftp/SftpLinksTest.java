package dev.extaudiences.adapter.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No link on the server leads a read out of the storage's root, whether the server follows links itself when it
 * lists and describes (MINA SSHD's default) or shows them as links (as OpenSSH's does). The outside file is within
 * what the SFTP user may read: only the storage's root keeps it out.
 */
class SftpLinksTest {

    private static final String SECRET = "email\nsomeone-else@example.com\n";

    @TempDir
    Path temp;

    private Path place;

    @ParameterizedTest(name = "a server that follows links itself: {0}")
    @ValueSource(booleans = {true, false})
    void linksOutOfTheRootAreNeverRead(boolean serverFollowsLinks) throws Exception {
        try (SftpTestServer server = serverWithLinks(serverFollowsLinks);
             SftpStorage storage = new SftpStorage(server.connection("/place"))) {

            assertThat(storage.folder("").orElseThrow()).extracting(SourceFile::path)
                    .containsExactly("inside.csv");
            assertThat(storage.folder("data").orElseThrow()).extracting(SourceFile::path)
                    .containsExactly("data/real.csv");
            assertThat(storage.folder("outward")).isEmpty();
            for (String out : List.of("relative.csv", "absolute.csv", "outward/secret.csv", "through/../../outside/secret.csv")) {
                assertThat(storage.file(out)).as(out).isEmpty();
                SourceException refused = catchThrowableOfType(SourceException.class,
                        () -> storage.open(new SourceFile(out, Instant.EPOCH, SECRET.length()), 0));
                assertThat(refused).as(out).isNotNull();
                assertThat(refused.kind()).isEqualTo(SourceException.Kind.MISSING);
                assertThat(refused.getMessage()).isEqualTo("file '" + out + "' is outside the source");
            }
            assertThat(storage.file("loop")).isEmpty();
        }
    }

    @ParameterizedTest(name = "a server that follows links itself: {0}")
    @ValueSource(booleans = {true, false})
    void linksInsideTheRootAreReadAsTheirTarget(boolean serverFollowsLinks) throws Exception {
        try (SftpTestServer server = serverWithLinks(serverFollowsLinks);
             SftpStorage storage = new SftpStorage(server.connection("/place"))) {

            SourceFile linked = storage.file("inside.csv").orElseThrow();
            SourceFile real = storage.file("data/real.csv").orElseThrow();

            assertThat(linked.sizeBytes()).isEqualTo(real.sizeBytes());
            assertThat(linked.modifiedAt()).isEqualTo(real.modifiedAt());
            assertThat(storage.folder("").orElseThrow()).containsExactly(linked);
            try (InputStream in = storage.open(linked, 0)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("email\nada@example.com\n");
            }
            // out of the root and back in: outside on the way, so outside (the root may be a link itself)
            assertThat(storage.file("back/place/data/real.csv")).isEmpty();
        }
    }

    @Test
    void theServerItselfServesTheSecretThroughTheLink() throws Exception {
        // what a client that leaves links to the server reads: the refusals above are the storage's own
        try (SftpTestServer server = serverWithLinks(true); SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(SftpTestServer.USER, "127.0.0.1", server.port())
                    .verify(SftpTestServer.TIMEOUTS.connect()).getSession()) {
                session.addPasswordIdentity(SftpTestServer.PASSWORD);
                session.auth().verify(SftpTestServer.TIMEOUTS.authentication());
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
                     InputStream in = sftp.read("/place/relative.csv")) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(SECRET);
                    assertThat(sftp.canonicalPath("/place/relative.csv")).isEqualTo("/place/relative.csv");
                }
            }
        }
    }

    /**
     * {@code /outside/secret.csv} beside the root {@code /place}, and in the root: links to it by a relative and an
     * absolute target, a link to its folder, a link inside the root, a link that leaves the root and comes back,
     * and a link to itself.
     */
    private SftpTestServer serverWithLinks(boolean serverFollowsLinks) throws Exception {
        Path home = temp.resolve("served");
        SftpTestServer server = SftpTestServer.start(home, List.of(SftpTestServer.newKeyPair("ecdsa-sha2-nistp256",
                256)), configured -> SftpModuleProperties.AUTO_FOLLOW_LINKS.set(configured, serverFollowsLinks));
        place = Files.createDirectories(home.resolve("place"));
        Files.createDirectories(home.resolve("outside"));
        Files.writeString(home.resolve("outside/secret.csv"), SECRET);
        Files.createDirectories(place.resolve("data"));
        Files.writeString(place.resolve("data/real.csv"), "email\nada@example.com\n");
        Files.createSymbolicLink(place.resolve("relative.csv"), Path.of("../outside/secret.csv"));
        Files.createSymbolicLink(place.resolve("absolute.csv"), Path.of("/outside/secret.csv"));
        Files.createSymbolicLink(place.resolve("outward"), Path.of("../outside"));
        Files.createSymbolicLink(place.resolve("through"), Path.of("data"));
        Files.createSymbolicLink(place.resolve("inside.csv"), Path.of("data/real.csv"));
        Files.createSymbolicLink(place.resolve("back"), Path.of(".."));
        Files.createSymbolicLink(place.resolve("loop"), Path.of("loop"));
        return server;
    }
}
