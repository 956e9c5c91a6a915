package dev.extaudiences.adapter.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.extaudiences.core.source.SourceException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server must show a host key its connection allows; there is nothing to accept any. The server here has two
 * host keys, RSA and Ed25519, as most OpenSSH servers have several.
 */
class SftpHostKeysTest {

    @TempDir
    static Path temp;

    private static KeyPair rsa;
    private static KeyPair ed25519;
    private static SftpTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        rsa = SftpTestServer.newKeyPair("ssh-rsa", 2048);
        ed25519 = SftpTestServer.newKeyPair("ssh-ed25519", 256);
        server = SftpTestServer.start(temp.resolve("served"), List.of(rsa, ed25519), configured -> {
        });
        Files.createDirectories(server.home().resolve("drops"));
        Files.writeString(server.home().resolve("drops/members.csv"), "email\n");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static String entry(PublicKey key) {
        return SftpTestServer.knownHostsLine("127.0.0.1", server.port(), key);
    }

    private static SftpConnection checking(KnownHosts known) {
        return server.connection("/drops").withKnownHosts(known);
    }

    private static boolean reads(KnownHosts known) throws SourceException {
        try (SftpStorage storage = new SftpStorage(checking(known))) {
            return storage.file("members.csv").isPresent();
        }
    }

    private static SourceException refused(KnownHosts known) {
        try (SftpStorage storage = new SftpStorage(checking(known))) {
            SourceException failure = catchThrowableOfType(SourceException.class, () -> storage.file("members.csv"));
            assertThat(failure).as("a storage failure").isNotNull();
            assertThat(failure.kind()).isEqualTo(SourceException.Kind.STORAGE_FAILURE);
            return failure;
        }
    }

    @Test
    void eitherOfTheServersKeysListedIsEnough() throws Exception {
        // the client asks for a key of the type the known hosts list, whichever it would prefer otherwise
        assertThat(reads(KnownHosts.of(entry(rsa.getPublic())))).isTrue();
        assertThat(reads(KnownHosts.of(entry(ed25519.getPublic())))).isTrue();
    }

    @Test
    void aKeyOtherThanTheListedOneIsRefusedNamingTheKeyTheServerShowed() throws Exception {
        PublicKey impostor = SftpTestServer.newKeyPair("ssh-ed25519", 256).getPublic();

        SourceException failure = refused(KnownHosts.of(entry(impostor)));

        assertThat(failure.getMessage()).isEqualTo(checking(KnownHosts.of(entry(impostor))).location()
                + ": host key mismatch: the server showed ssh-ed25519 key " + KeyUtils.getFingerPrint(ed25519.getPublic())
                + ", but the known hosts list for [127.0.0.1]:" + server.port() + " only ssh-ed25519 key "
                + KeyUtils.getFingerPrint(impostor) + " (the server's key was replaced, or this is not that server)");
    }

    @Test
    void aServerTheKnownHostsDoNotNameIsRefused() {
        SourceException failure = refused(KnownHosts.of(
                SftpTestServer.knownHostsLine("sftp.example.com", 22, rsa.getPublic()) + "\n"
                        + SftpTestServer.knownHostsLine("127.0.0.1", 22, rsa.getPublic())));

        assertThat(failure.getMessage()).contains(": host key not known: the known hosts list no key for [127.0.0.1]:"
                + server.port() + "; the server showed ");
    }

    @Test
    void hashedNamesAndCommentsAreRead() throws Exception {
        String known = "# written by ssh-keyscan\n\n" + hashedEntry("[127.0.0.1]:" + server.port(), ed25519.getPublic())
                + "\n";

        assertThat(reads(KnownHosts.of(known))).isTrue();
    }

    @Test
    void aKnownHostsFileIsReadFromItsPath() throws Exception {
        Path file = Files.writeString(temp.resolve("known_hosts"), entry(rsa.getPublic()) + "\n");

        assertThat(reads(KnownHosts.read(file))).isTrue();
    }

    @Test
    void aRevokedKeyIsRefusedEvenWhenAlsoListed() {
        String known = "@revoked " + entry(ed25519.getPublic()) + "\n" + entry(ed25519.getPublic()) + "\n"
                + entry(rsa.getPublic());

        // the client asks for Ed25519 first here, and the server shows the revoked key
        SourceException failure = refused(KnownHosts.of(known));

        assertThat(failure.getMessage()).contains(": host key revoked: the server showed ssh-ed25519 key "
                + KeyUtils.getFingerPrint(ed25519.getPublic()) + ", which the known hosts mark @revoked");
    }

    @Test
    void aLineThatIsNoKnownHostsEntryIsRefusedWhenConfigured() {
        assertThatThrownBy(() -> KnownHosts.of("# the server\n127.0.0.1\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("known hosts line 2 is not");
    }

    /** An entry as {@code ssh-keygen -H} writes it: the name as an HMAC-SHA1 under a random salt. */
    private static String hashedEntry(String name, PublicKey key) throws Exception {
        byte[] salt = new byte[20];
        new SecureRandom().nextBytes(salt);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] hash = mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder base64 = Base64.getEncoder();
        return "|1|" + base64.encodeToString(salt) + "|" + base64.encodeToString(hash) + " "
                + PublicKeyEntry.toString(key);
    }
}
