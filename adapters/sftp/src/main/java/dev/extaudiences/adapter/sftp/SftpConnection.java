package dev.extaudiences.adapter.sftp;

import java.util.Objects;

/**
 * Where an SFTP source is and how to reach it: the server, the user and its credential, the directory on the server
 * that is the source's root, which host key the server must show, and how long each step may take. Nothing here
 * reaches the network; {@link SftpStorage} does, when first asked.
 *
 * @param host      the server's name or address, as the known hosts name it
 * @param port      the server's port, 22 by default on most servers
 * @param user      the user to log in as
 * @param root      the absolute path on the server of the directory the source's paths are relative to
 *                  ({@code /} for a user shut in its own directory)
 * @param auth      how the user proves itself
 * @param knownHosts the host keys the server may show: there is no way to accept any
 * @param timeouts  how long connecting, logging in and waiting for an answer may take
 */
public record SftpConnection(String host, int port, String user, String root, Auth auth, KnownHosts knownHosts,
                             Timeouts timeouts) {

    public SftpConnection {
        requireText(host, "host");
        requireText(user, "user");
        requireText(root, "root");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
        if (!root.startsWith("/")) {
            // a path relative to the login directory depends on a server's setting the config cannot show
            throw new IllegalArgumentException("root must be an absolute path on the server, was '" + root + "'");
        }
        if (host.chars().anyMatch(c -> c == '@' || c == '/' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("host must be a name or an address, was '" + host + "'");
        }
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(timeouts, "timeouts");
        root = withoutTrailingSlash(root);
    }

    /** On port 22, with the standard timeouts. */
    public static SftpConnection of(String host, String user, String root, Auth auth, KnownHosts knownHosts) {
        return new SftpConnection(host, 22, user, root, auth, knownHosts, Timeouts.standard());
    }

    /** The same connection on another port (a test server, or the same server behind a proxy). */
    public SftpConnection withPort(int otherPort) {
        return new SftpConnection(host, otherPort, user, root, auth, knownHosts, timeouts);
    }

    /** The same connection with other timeouts. */
    public SftpConnection withTimeouts(Timeouts other) {
        return new SftpConnection(host, port, user, root, auth, knownHosts, other);
    }

    /** The same server and credential with another root directory. */
    public SftpConnection withRoot(String otherRoot) {
        return new SftpConnection(host, port, user, otherRoot, auth, knownHosts, timeouts);
    }

    /** The same place, logged into with another credential. */
    public SftpConnection withAuth(Auth other) {
        return new SftpConnection(host, port, user, root, other, knownHosts, timeouts);
    }

    /** The same place, with other host keys expected of the server. */
    public SftpConnection withKnownHosts(KnownHosts other) {
        return new SftpConnection(host, port, user, root, auth, other, timeouts);
    }

    /** How the source is named in every failure: {@code sftp://user@host:port/root}, no credential in it. */
    public String location() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return "sftp://" + user + "@" + shownHost + ":" + port + root;
    }

    /** The location and the kind of credential: never the credential. */
    @Override
    public String toString() {
        return "SftpConnection[" + location() + ", " + auth + ", " + knownHosts + ", " + timeouts + "]";
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static String withoutTrailingSlash(String path) {
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
