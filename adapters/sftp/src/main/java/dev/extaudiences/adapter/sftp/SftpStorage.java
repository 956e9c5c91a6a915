package dev.extaudiences.adapter.sftp;

import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Source files on an SFTP server, under a root directory, read with Apache MINA SSHD's SFTP client. The server must
 * show a host key its {@link KnownHosts} list. One SSH session is kept and shared by every caller, and replaced
 * when it is lost. No link on the server leads a read out of the root ({@link RemotePaths}): a path that passes
 * outside it is no file, is not listed, and is refused when opened. A file's modification time is the server's, to
 * the second on most servers (SFTP version 3).
 */
public final class SftpStorage implements SourceStorage, AutoCloseable {

    private final SftpConnection connection;
    private final Failures failures;
    private final SftpSessions sessions;
    private final RemotePaths paths;

    /**
     * Reads the private key of {@code connection} now, if it has one (a key that cannot be read or decrypted is
     * refused with an {@link IllegalArgumentException}); the server is reached when first asked.
     */
    public SftpStorage(SftpConnection connection) {
        this.connection = connection;
        this.failures = new Failures(connection);
        this.sessions = new SftpSessions(connection, failures);
        this.paths = new RemotePaths(connection.root());
    }

    /** Where the files are, and how they are reached. */
    public SftpConnection connection() {
        return connection;
    }

    @Override
    public Optional<String> escapes(String path) {
        // names only: a link on the server is judged when the path is described, listed or opened
        return RemotePaths.climbsOut(path) ? Optional.of("'" + path + "' points outside the source's root")
                : Optional.empty();
    }

    @Override
    public Optional<SourceFile> file(String path) throws SourceException {
        String named = named(path);
        return calling("describing", named, session -> described(session.sftp(), named));
    }

    @Override
    public Optional<List<SourceFile>> folder(String path) throws SourceException {
        String named = named(path);
        return calling("listing", named, session -> listed(session.sftp(), named));
    }

    @Override
    public InputStream open(SourceFile file, long offset) throws SourceException {
        String named = named(file.path());
        return calling("opening", named, session -> opened(session, named, offset));
    }

    private Optional<SourceFile> described(SftpClient sftp, String named) throws IOException, SourceException {
        RemotePaths.Resolved at = paths.resolve(sftp, named);
        if (at instanceof RemotePaths.Resolved.Inside inside && inside.attributes().isRegularFile()) {
            return Optional.of(fileOf(named, inside.attributes()));
        }
        if (at instanceof RemotePaths.Resolved.Missing) {
            requireRoot(sftp);
        }
        return Optional.empty();
    }

    private Optional<List<SourceFile>> listed(SftpClient sftp, String named) throws IOException, SourceException {
        RemotePaths.Resolved at = paths.resolve(sftp, named);
        if (at instanceof RemotePaths.Resolved.Inside inside && inside.attributes().isDirectory()) {
            return Optional.of(filesIn(sftp, named, inside.remote()));
        }
        if (at instanceof RemotePaths.Resolved.Missing || named.isEmpty()) {
            requireRoot(sftp); // a root that is no folder is a broken source too
        }
        return Optional.empty();
    }

    private List<SourceFile> filesIn(SftpClient sftp, String named, String remote) throws IOException {
        List<SourceFile> files = new ArrayList<>();
        try (SftpClient.CloseableHandle directory = sftp.openDir(remote)) {
            for (List<SftpClient.DirEntry> page = sftp.readDir(directory); page != null;
                 page = sftp.readDir(directory)) {
                for (SftpClient.DirEntry entry : page) {
                    String name = entry.getFilename();
                    // hidden files are uploads in progress or system files; '.' and '..' are hidden too
                    if (name.startsWith(".") || name.contains("/")) {
                        continue;
                    }
                    String child = named.isEmpty() ? name : named + "/" + name;
                    SftpClient.Attributes attributes = entry.getAttributes();
                    if (attributes.isSymbolicLink()) {
                        // a link is listed as what it leads to, when that is a file under the root
                        RemotePaths.Resolved target = paths.resolve(sftp, child);
                        if (target instanceof RemotePaths.Resolved.Inside inside
                                && inside.attributes().isRegularFile()) {
                            files.add(fileOf(child, inside.attributes()));
                        }
                    } else if (attributes.isRegularFile()) {
                        files.add(fileOf(child, attributes));
                    }
                }
            }
        }
        files.sort(Comparator.comparing(SourceFile::path));
        return files;
    }

    private InputStream opened(SftpSessions.Session session, String named, long offset)
            throws IOException, SourceException {
        SftpClient sftp = session.sftp();
        RemotePaths.Resolved at = paths.resolve(sftp, named);
        if (at instanceof RemotePaths.Resolved.Outside) {
            throw new SourceException(SourceException.Kind.MISSING, "file '" + named + "' is outside the source");
        }
        if (at instanceof RemotePaths.Resolved.Missing) {
            requireRoot(sftp);
            throw new SourceException(SourceException.Kind.MISSING, "file '" + named + "' no longer exists");
        }
        RemotePaths.Resolved.Inside inside = (RemotePaths.Resolved.Inside) at;
        if (!inside.attributes().isRegularFile()) {
            throw new SourceException(SourceException.Kind.MISSING, "'" + named + "' is no longer a file");
        }
        InputStream remote;
        try {
            remote = sftp.read(inside.remote());
        } catch (SftpException vanished) {
            if (RemotePaths.isMissing(vanished)) {
                throw new SourceException(SourceException.Kind.MISSING, "file '" + named + "' no longer exists");
            }
            throw vanished;
        }
        try {
            skip(remote, offset);
        } catch (IOException | RuntimeException failed) {
            remote.close();
            throw failed;
        }
        return new RemoteFileInput(remote, failures, () -> sessions.discard(session));
    }

    /**
     * Moves a fresh stream to {@code offset}: MINA SSHD's stream only moves where it will ask from, so nothing
     * before the offset is sent.
     */
    private static void skip(InputStream remote, long offset) throws IOException {
        long skipped = 0;
        while (skipped < offset) {
            long step = remote.skip(offset - skipped);
            if (step <= 0) {
                return; // past the end: what is read from there is nothing
            }
            skipped += step;
        }
    }

    /** A storage whose root is gone fails: a missing root is a broken source, not an empty one. */
    private void requireRoot(SftpClient sftp) throws IOException, SourceException {
        Optional<SftpClient.Attributes> root = RemotePaths.stat(sftp, paths.root());
        if (root.isEmpty()) {
            throw failures.storage("the root directory '" + paths.root() + "' does not exist on the server");
        }
        if (!root.get().isDirectory()) {
            throw failures.storage("the root '" + paths.root() + "' is not a directory on the server");
        }
    }

    private static SourceFile fileOf(String path, SftpClient.Attributes attributes) {
        FileTime modified = attributes.getModifyTime();
        // a server that sends no times leaves the size alone to tell a changed file
        return new SourceFile(path, modified == null ? Instant.EPOCH : modified.toInstant(), attributes.getSize());
    }

    /** A path as the port gives it, tidied: {@code a//b/./c/} is {@code a/b/c}. */
    private static String named(String path) {
        return String.join("/", RemotePaths.parts(path));
    }

    @FunctionalInterface
    private interface SftpCall<T> {
        T call(SftpSessions.Session session) throws IOException, SourceException;
    }

    /**
     * A call on the shared session. A failure of the connection (not an answer of the server's) ends the session, so
     * that the next call opens a new one instead of waiting on a stuck one; when the session turns out lost under
     * the call (the server ended it, the network dropped it), the call is made once more on a new session before it
     * counts as failed. A session the server stopped answering is not asked again: that would double the wait.
     */
    private <T> T calling(String doing, String path, SftpCall<T> call) throws SourceException {
        SftpSessions.Session session = sessions.session();
        try {
            return call.call(session);
        } catch (SftpException answered) {
            throw failures.whileDoing(doing, path, answered);
        } catch (IOException failed) {
            boolean lost = !session.usable();
            sessions.discard(session);
            if (!lost) {
                throw failures.whileDoing(doing, path, failed);
            }
        }
        SftpSessions.Session again = sessions.session();
        try {
            return call.call(again);
        } catch (SftpException answered) {
            throw failures.whileDoing(doing, path, answered);
        } catch (IOException failed) {
            sessions.discard(again);
            throw failures.whileDoing(doing, path, failed);
        }
    }

    /** Ends the session; a call after this fails. */
    @Override
    public void close() {
        sessions.close();
    }

    @Override
    public String toString() {
        return "SftpStorage[" + connection.location() + "]";
    }
}
