package dev.extaudiences.adapter.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the user proves itself to the server. The secrets arrive resolved (read by whoever configures the storage
 * from an environment variable or a file) and are shown nowhere: not in a message, not in {@code toString}.
 */
public sealed interface Auth {

    /** Password authentication (also offered as keyboard-interactive, which many servers ask for instead). */
    static Auth password(String password) {
        return new Password(password);
    }

    /** A private key in OpenSSH or PEM format, not protected by a passphrase. */
    static Auth privateKey(String keyText) {
        return new PrivateKey(keyText, Optional.empty());
    }

    /** A private key in OpenSSH or PEM format, protected by {@code passphrase}. */
    static Auth privateKey(String keyText, String passphrase) {
        return new PrivateKey(keyText, Optional.of(passphrase));
    }

    /** The private key in {@code file}, read now, protected by {@code passphrase} when one is given. */
    static Auth privateKeyFile(Path file, Optional<String> passphrase) {
        try {
            return new PrivateKey(Files.readString(file, StandardCharsets.UTF_8), passphrase);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("the private key file " + file + " cannot be read: "
                    + unreadable.getMessage(), unreadable);
        }
    }

    /** What the user authenticates with, in words a failure can show: the method, never the secret. */
    String shown();

    record Password(String password) implements Auth {
        public Password {
            Objects.requireNonNull(password, "password");
            if (password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
        }

        @Override
        public String shown() {
            return "a password";
        }

        @Override
        public String toString() {
            return "Password[***]";
        }
    }

    /**
     * @param keyText    the whole key file: {@code -----BEGIN OPENSSH PRIVATE KEY-----} or a PEM key
     *                   ({@code BEGIN RSA PRIVATE KEY}, {@code BEGIN EC PRIVATE KEY}, {@code BEGIN PRIVATE KEY})
     * @param passphrase what the key is encrypted with, if it is
     */
    record PrivateKey(String keyText, Optional<String> passphrase) implements Auth {
        public PrivateKey {
            Objects.requireNonNull(keyText, "keyText");
            Objects.requireNonNull(passphrase, "passphrase");
            if (!keyText.contains("-----BEGIN ")) {
                throw new IllegalArgumentException("the private key is not in OpenSSH or PEM format (no "
                        + "'-----BEGIN' line)");
            }
        }

        @Override
        public String shown() {
            return "a private key";
        }

        @Override
        public String toString() {
            return "PrivateKey[key=***, passphrase=" + (passphrase.isPresent() ? "***" : "none") + "]";
        }
    }
}
