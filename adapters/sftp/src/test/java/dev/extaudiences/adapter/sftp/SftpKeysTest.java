package dev.extaudiences.adapter.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Private key authentication: OpenSSH and PEM key files, plain or passphrase-protected, of each key type. */
class SftpKeysTest {

    private static final String PASSPHRASE = "a-long-key-passphrase";

    @TempDir
    static Path temp;

    private static SftpTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = SftpTestServer.start(temp.resolve("served"));
        Files.createDirectories(server.home().resolve("drops"));
        Files.writeString(server.home().resolve("drops/members.csv"), "email\nada@example.com\n");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static Stream<Arguments> keyFiles() {
        return Stream.of(
                Arguments.of(KeyFiles.OPENSSH, "ssh-ed25519", 256),
                Arguments.of(KeyFiles.OPENSSH_ENCRYPTED, "ssh-ed25519", 256),
                Arguments.of(KeyFiles.OPENSSH, "ecdsa-sha2-nistp256", 256),
                Arguments.of(KeyFiles.OPENSSH, "ecdsa-sha2-nistp384", 384),
                Arguments.of(KeyFiles.OPENSSH, "ssh-rsa", 2048),
                Arguments.of(KeyFiles.PKCS8_PEM, "ecdsa-sha2-nistp256", 256),
                Arguments.of(KeyFiles.PKCS8_PEM, "ssh-rsa", 2048),
                Arguments.of(KeyFiles.PKCS8_PEM_ENCRYPTED, "ssh-rsa", 2048),
                Arguments.of(KeyFiles.TRADITIONAL_PEM_ENCRYPTED, "ssh-rsa", 2048),
                Arguments.of(KeyFiles.TRADITIONAL_PEM_ENCRYPTED, "ecdsa-sha2-nistp256", 256));
    }

    /** One authorised pair per key type: generating RSA pairs is what would take this test's time. */
    private static final Map<String, KeyPair> pairs = new ConcurrentHashMap<>();

    private static KeyPair authorisedPair(String type, int bits) throws Exception {
        KeyPair pair = pairs.get(type);
        if (pair == null) {
            pair = SftpTestServer.newKeyPair(type, bits);
            server.authorise(pair.getPublic());
            pairs.put(type, pair);
        }
        return pair;
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("keyFiles")
    void logsInWithAKeyFile(KeyFiles format, String type, int bits) throws Exception {
        KeyPair pair = authorisedPair(type, bits);
        String keyFile = format.write(pair, PASSPHRASE);
        Auth auth = format.encrypted() ? Auth.privateKey(keyFile, PASSPHRASE) : Auth.privateKey(keyFile);

        try (SftpStorage storage = new SftpStorage(server.connection("/drops").withAuth(auth))) {
            SourceFile file = storage.file("members.csv").orElseThrow();
            assertThat(new String(storage.open(file, 0).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("email\nada@example.com\n");
        }
    }

    @Test
    void aKeyFileIsReadFromItsPath() throws Exception {
        KeyPair pair = authorisedPair("ssh-ed25519", 256);
        Path file = Files.writeString(temp.resolve("id_ed25519"), KeyFiles.OPENSSH_ENCRYPTED.write(pair, PASSPHRASE));

        Auth auth = Auth.privateKeyFile(file, Optional.of(PASSPHRASE));

        try (SftpStorage storage = new SftpStorage(server.connection("/drops").withAuth(auth))) {
            assertThat(storage.folder("")).hasValueSatisfying(files -> assertThat(files).hasSize(1));
        }
    }

    @Test
    void aWrongPassphraseIsRefusedWhenTheStorageIsMadeWithoutShowingEither() throws Exception {
        KeyPair pair = SftpTestServer.newKeyPair("ecdsa-sha2-nistp256", 256);
        for (KeyFiles format : List.of(KeyFiles.OPENSSH_ENCRYPTED, KeyFiles.PKCS8_PEM_ENCRYPTED,
                KeyFiles.TRADITIONAL_PEM_ENCRYPTED)) {
            String keyFile = format.write(pair, PASSPHRASE);
            SftpConnection connection = server.connection("/drops")
                    .withAuth(Auth.privateKey(keyFile, "the-wrong-passphrase"));

            IllegalArgumentException refused = catchThrowableOfType(IllegalArgumentException.class,
                    () -> new SftpStorage(connection));

            assertThat(refused).as(format.name()).isNotNull();
            assertThat(refused.getMessage()).as(format.name())
                    .startsWith(connection.location() + ": the private key cannot be read with the passphrase given")
                    .doesNotContain("the-wrong-passphrase").doesNotContain(PASSPHRASE);
        }
    }

    @Test
    void aProtectedKeyWithoutItsPassphraseIsRefusedSayingSo() throws Exception {
        String keyFile = KeyFiles.OPENSSH_ENCRYPTED.write(SftpTestServer.newKeyPair("ssh-ed25519", 256), PASSPHRASE);
        SftpConnection connection = server.connection("/drops").withAuth(Auth.privateKey(keyFile));

        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new SftpStorage(connection)))
                .hasMessage(connection.location() + ": the private key is passphrase-protected, and no passphrase is "
                        + "given");
    }

    @Test
    void aKeyTheServerDoesNotKnowIsAStorageFailureNamingTheKeyNotItsSecret() throws Exception {
        KeyPair stranger = SftpTestServer.newKeyPair("ecdsa-sha2-nistp256", 256);
        String keyFile = KeyFiles.PKCS8_PEM_ENCRYPTED.write(stranger, PASSPHRASE);
        SftpConnection connection = server.connection("/drops").withAuth(Auth.privateKey(keyFile, PASSPHRASE));

        try (SftpStorage storage = new SftpStorage(connection)) {
            SourceException refused = catchThrowableOfType(SourceException.class, () -> storage.file("members.csv"));

            assertThat(refused.kind()).isEqualTo(SourceException.Kind.STORAGE_FAILURE);
            assertThat(refused.getMessage()).isEqualTo(connection.location() + ": authentication refused: the "
                    + "server at 127.0.0.1:" + server.port() + " refused user 'reader' with the private key "
                    + HostKeyVerifier.describe(stranger.getPublic()));
            assertThat(refused.getMessage()).doesNotContain(PASSPHRASE);
        }
    }
}
