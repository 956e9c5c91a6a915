package dev.extaudiences.adapter.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The host keys the server may show, as known_hosts lines (OpenSSH's format: hashed names and {@code [host]:port}
 * included; {@code ssh-keyscan -p PORT HOST} prints them). The only thing that tells the server from whoever stands
 * between it and this client, so there is no way to accept any key: one the lines do not list for the server fails
 * the connection, naming the key the server showed ({@link HostKeyVerifier}).
 *
 * @param lines the lines; blank lines and {@code #} comments are skipped, an entry marked {@code @revoked} refuses
 *              its key, one marked {@code @cert-authority} is not used (this client does not check host
 *              certificates)
 */
public record KnownHosts(List<String> lines) {

    public KnownHosts {
        lines = List.copyOf(lines);
        KnownHostsEntries.parse(lines); // a line that is not an entry is refused now, not at the first connection
    }

    /** The entries in {@code text}: one known_hosts line, or a whole file's. */
    public static KnownHosts of(String text) {
        return new KnownHosts(text.lines().toList());
    }

    /** The known_hosts file at {@code file}, read now. */
    public static KnownHosts read(Path file) {
        try {
            return new KnownHosts(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            throw new UncheckedIOException("the known hosts file " + file + " cannot be read: "
                    + unreadable.getMessage(), unreadable);
        }
    }

    @Override
    public String toString() {
        return "KnownHosts[" + KnownHostsEntries.parse(lines).size() + " entries]";
    }
}
