package dev.extaudiences.adapter.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Which host keys the server may show: the only thing that tells the server from whoever stands between it and this
 * client, so there is no variant that accepts any key. A key the check does not allow fails the connection, naming
 * the key the server showed ({@link HostKeyVerifier}).
 */
public sealed interface HostKeyCheck {

    /** The entries of a known_hosts file (OpenSSH's format, hashed names and {@code [host]:port} included). */
    static HostKeyCheck knownHosts(String entries) {
        return new KnownHosts(entries.lines().toList());
    }

    /** The known_hosts file at {@code file}, read now. */
    static HostKeyCheck knownHostsFile(Path file) {
        try {
            return new KnownHosts(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            throw new UncheckedIOException("the known hosts file " + file + " cannot be read: "
                    + unreadable.getMessage(), unreadable);
        }
    }

    /** One key, by its SHA-256 fingerprint as {@code ssh-keygen -l} prints it: {@code SHA256:} and base64. */
    static HostKeyCheck fingerprint(String sha256) {
        return new Fingerprint(sha256);
    }

    /**
     * @param lines the lines of a known_hosts file; blank lines and {@code #} comments are skipped, an entry marked
     *              {@code @revoked} refuses its key, one marked {@code @cert-authority} is not used (this client does
     *              not check host certificates)
     */
    record KnownHosts(List<String> lines) implements HostKeyCheck {
        public KnownHosts {
            lines = List.copyOf(lines);
            KnownHostsEntries.parse(lines); // a line that is not an entry is refused now, not at the first connection
        }

        @Override
        public String toString() {
            return "KnownHosts[" + KnownHostsEntries.parse(lines).size() + " entries]";
        }
    }

    /** @param sha256 {@code SHA256:} and the unpadded base64 of the key's SHA-256 digest */
    record Fingerprint(String sha256) implements HostKeyCheck {
        public Fingerprint {
            Objects.requireNonNull(sha256, "sha256");
            if (!sha256.startsWith("SHA256:") || sha256.length() <= "SHA256:".length()) {
                throw new IllegalArgumentException("a host key fingerprint is written SHA256:<base64>, as ssh-keygen "
                        + "-l prints it; was '" + sha256 + "'");
            }
            sha256 = unpadded(sha256);
        }

        static String unpadded(String fingerprint) {
            String trimmed = fingerprint.strip();
            while (trimmed.endsWith("=")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            return trimmed;
        }
    }
}
