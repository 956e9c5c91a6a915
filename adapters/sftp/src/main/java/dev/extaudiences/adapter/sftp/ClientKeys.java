package dev.extaudiences.adapter.sftp;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/** The key pair of a private key credential, read once when the storage is made. */
final class ClientKeys {

    private ClientKeys() {
    }

    /**
     * The key pairs in {@code key} (a file holds one, in practice). A key that cannot be read, or decrypted with the
     * passphrase given, is a mistake of the configuration: refused at once, before any run trips on it.
     */
    static List<KeyPair> read(Auth.PrivateKey key, Failures failures) {
        FilePasswordProvider passphrase = key.passphrase().map(FilePasswordProvider::of)
                .orElse(FilePasswordProvider.EMPTY);
        List<KeyPair> pairs = new ArrayList<>();
        try (InputStream text = new ByteArrayInputStream(key.keyText().getBytes(StandardCharsets.UTF_8))) {
            Iterable<KeyPair> read = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("private key"),
                    text, passphrase);
            if (read != null) {
                read.forEach(pairs::add);
            }
        } catch (Exception unreadable) {
            throw new IllegalArgumentException(failures.location() + ": " + why(key, failures.describe(unreadable)),
                    unreadable);
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException(failures.location() + ": the private key holds no key this client can "
                    + "read (OpenSSH or PEM format: RSA, ECDSA or Ed25519)");
        }
        return List.copyOf(pairs);
    }

    private static String why(Auth.PrivateKey key, String libraryWords) {
        if (key.passphrase().isPresent()) {
            return "the private key cannot be read with the passphrase given (a wrong passphrase, or not a key): "
                    + libraryWords;
        }
        if (libraryWords.startsWith("No password data")) {
            return "the private key is passphrase-protected, and no passphrase is given";
        }
        return "the private key cannot be read: " + libraryWords;
    }
}
