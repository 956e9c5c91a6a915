package dev.extaudiences.adapter.sftp;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Where a path under the root leads on the server, each link on the way followed here, never by the server. A
 * server's answer to SSH_FXP_REALPATH cannot be the judge: OpenSSH's resolves links, Apache MINA SSHD's only
 * normalises the name, and a server that follows links in a listing or a description would read through a link to
 * anywhere. So every part of the path is looked at without following it (lstat), a link's target is read and walked
 * the same way, and a path that would pass above the root on the way is outside, whatever it comes back to.
 */
final class RemotePaths {

    /** As many links as Linux follows in one path before it calls it a loop. */
    private static final int MAX_LINKS = 40;

    /** What a path leads to. */
    sealed interface Resolved {
        /** A file or directory under the root: its path on the server, no link in it, and its attributes. */
        record Inside(String remote, SftpClient.Attributes attributes) implements Resolved {
        }

        /** Leads, through a link, outside the root. */
        record Outside() implements Resolved {
        }

        /** Nothing is there, or the links on the way loop. */
        record Missing() implements Resolved {
        }
    }

    private final String root;

    /** @param root the root's absolute path on the server, without a trailing {@code /} unless it is {@code /} */
    RemotePaths(String root) {
        this.root = root;
    }

    String root() {
        return root;
    }

    /** The parts of a path as the port gives it, with no empty or {@code .} part. */
    static List<String> parts(String path) {
        return Arrays.stream(path.split("/")).filter(part -> !part.isEmpty() && !part.equals(".")).toList();
    }

    /** Whether a path, by its name alone, climbs above the root. */
    static boolean climbsOut(String path) {
        int depth = 0;
        for (String part : parts(path)) {
            depth += part.equals("..") ? -1 : 1;
            if (depth < 0) {
                return true;
            }
        }
        return false;
    }

    /** The server's path of the root-relative {@code parts}. */
    String remote(List<String> parts) {
        if (parts.isEmpty()) {
            return root;
        }
        return (root.equals("/") ? "" : root) + "/" + String.join("/", parts);
    }

    Resolved resolve(SftpClient sftp, String path) throws IOException {
        Deque<String> pending = new ArrayDeque<>(parts(path));
        List<String> reached = new ArrayList<>(); // parts under the root, each a directory or file, none a link
        SftpClient.Attributes last = null;
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.equals("..")) {
                if (reached.isEmpty()) {
                    return new Resolved.Outside();
                }
                reached.remove(reached.size() - 1);
                last = null;
                continue;
            }
            List<String> candidate = new ArrayList<>(reached);
            candidate.add(part);
            Optional<SftpClient.Attributes> attributes = lstat(sftp, remote(candidate));
            if (attributes.isEmpty()) {
                return new Resolved.Missing();
            }
            if (attributes.get().isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    return new Resolved.Missing();
                }
                String target = sftp.readLink(remote(candidate));
                List<String> followed;
                if (target.startsWith("/")) {
                    Optional<List<String>> underRoot = underRoot(sftp, target);
                    if (underRoot.isEmpty()) {
                        return new Resolved.Outside();
                    }
                    reached.clear();
                    followed = underRoot.get();
                } else {
                    followed = parts(target);
                }
                List<String> rest = new ArrayList<>(followed);
                rest.addAll(pending);
                pending = new ArrayDeque<>(rest);
                last = null;
                continue;
            }
            if (!pending.isEmpty() && !attributes.get().isDirectory()) {
                return new Resolved.Missing(); // a file where a folder of the path should be
            }
            reached.add(part);
            last = attributes.get();
        }
        if (last == null) {
            // the root itself, or a folder reached back through '..': no link in either, the root aside
            Optional<SftpClient.Attributes> attributes = stat(sftp, remote(reached));
            if (attributes.isEmpty()) {
                return new Resolved.Missing();
            }
            last = attributes.get();
        }
        return new Resolved.Inside(remote(reached), last);
    }

    /**
     * The root-relative parts of an absolute link target, when it lies under the root: under the root as configured,
     * or under the root's real path where the server resolves it (the root may itself be a link, a mount point often
     * is).
     */
    private Optional<List<String>> underRoot(SftpClient sftp, String target) throws IOException {
        Optional<List<String>> named = relativeTo(root, target);
        if (named.isPresent()) {
            return named;
        }
        String real;
        try {
            real = sftp.canonicalPath(root);
        } catch (SftpException unresolvable) {
            return Optional.empty();
        }
        return real.equals(root) ? Optional.empty() : relativeTo(real, target);
    }

    private static Optional<List<String>> relativeTo(String base, String target) {
        List<String> baseParts = parts(base);
        List<String> targetParts = parts(target);
        if (climbsOut(target) || targetParts.size() < baseParts.size()
                || !targetParts.subList(0, baseParts.size()).equals(baseParts)) {
            return Optional.empty();
        }
        List<String> rest = targetParts.subList(baseParts.size(), targetParts.size());
        return climbsOut(String.join("/", rest)) ? Optional.empty() : Optional.of(List.copyOf(rest));
    }

    /** The attributes of {@code remote} itself (a link as a link), or empty when nothing is there. */
    static Optional<SftpClient.Attributes> lstat(SftpClient sftp, String remote) throws IOException {
        try {
            return Optional.of(sftp.lstat(remote));
        } catch (SftpException failed) {
            if (isMissing(failed)) {
                return Optional.empty();
            }
            throw failed;
        }
    }

    /** The attributes of what {@code remote} leads to, or empty when nothing is there. */
    static Optional<SftpClient.Attributes> stat(SftpClient sftp, String remote) throws IOException {
        try {
            return Optional.of(sftp.stat(remote));
        } catch (SftpException failed) {
            if (isMissing(failed)) {
                return Optional.empty();
            }
            throw failed;
        }
    }

    static boolean isMissing(SftpException failed) {
        return failed.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE
                || failed.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH
                || failed.getStatus() == SftpConstants.SSH_FX_NOT_A_DIRECTORY;
    }
}
