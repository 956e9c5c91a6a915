package dev.extaudiences.adapter.files;

import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Source files in a directory: a landing folder, or a connection's local or mounted directory (an NFS or fuse-mounted
 * bucket works through it). No path, link included, ever reads outside the root: every file's real path must lie
 * under the root's real boundary, and a file is opened without following a link its last part may have become.
 */
public final class DirectoryStorage implements SourceStorage {

    private final Path root;
    private final Path landing;

    private DirectoryStorage(Path root, Path landing) {
        this.root = root.toAbsolutePath().normalize();
        this.landing = landing == null ? null : landing.toAbsolutePath().normalize();
    }

    /** A connection's directory, which may itself be a link (a mount point often is): its real path is the root. */
    public static DirectoryStorage of(Path directory) {
        return new DirectoryStorage(directory, null);
    }

    /**
     * A landing folder: its boundary is the folder as this server names it under the landing zone's real path, never
     * the place a link at the folder itself points to. An org's or sandbox's folder made a link to another org's
     * folder must not let one org read the other's files.
     */
    static DirectoryStorage landingFolder(Path landing, Path folder) {
        return new DirectoryStorage(folder, landing);
    }

    /** The directory this storage reads. */
    public Path root() {
        return root;
    }

    private Path realBoundary() throws IOException {
        if (landing == null) {
            return root.toRealPath();
        }
        return landing.toRealPath().resolve(landing.relativize(root));
    }

    private boolean holds(Path file) throws IOException {
        return file.toRealPath().startsWith(realBoundary());
    }

    @Override
    public Optional<String> escapes(String path) {
        Path target;
        try {
            target = root.resolve(path).normalize();
        } catch (InvalidPathException notAPath) {
            // a path stored before the domain refused such characters must fail its run, not the server
            return Optional.of("'" + printable(path) + "' is not a valid path on this server's file system");
        }
        if (!target.startsWith(root)) {
            return Optional.of("'" + path + "' points outside the source's root");
        }
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.exists(root) && !holds(target)) {
                return Optional.of("'" + path + "' links to a place outside the source's root");
            }
        } catch (IOException unresolvable) {
            return Optional.of("'" + path + "' cannot be resolved inside the source's root");
        }
        return Optional.empty();
    }

    @Override
    public Optional<SourceFile> file(String path) throws SourceException {
        Path target = inside(path);
        try {
            if (!Files.isRegularFile(target) || !holds(target)) {
                return Optional.empty();
            }
            return Optional.of(describe(target));
        } catch (NoSuchFileException vanished) {
            return Optional.empty();
        } catch (IOException storage) {
            throw failed("describing", path, storage);
        }
    }

    @Override
    public Optional<List<SourceFile>> folder(String path) throws SourceException {
        Path target = inside(path);
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> children = Files.list(target)) {
            for (Path child : children.sorted(Comparator.comparing(Path::toString)).toList()) {
                String name = child.getFileName().toString();
                // hidden files are uploads in progress or system files; links out of the root are never read
                if (!name.startsWith(".") && Files.isRegularFile(child) && holds(child)) {
                    files.add(describe(child));
                }
            }
            return Optional.of(files);
        } catch (NoSuchFileException vanished) {
            return Optional.empty();
        } catch (IOException storage) {
            throw failed("listing", path, storage);
        }
    }

    @Override
    public InputStream open(SourceFile file, long offset) throws SourceException {
        try {
            Path path = inside(file.path());
            Path real = path.toRealPath();
            if (!real.startsWith(realBoundary())) {
                throw new SourceException(SourceException.Kind.MISSING, "file '" + file.path()
                        + "' is outside the source");
            }
            // the checked path, opened without following a link its last part may have become since the check
            SeekableByteChannel channel = Files.newByteChannel(real, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS);
            channel.position(offset);
            return Channels.newInputStream(channel);
        } catch (NoSuchFileException vanished) {
            throw new SourceException(SourceException.Kind.MISSING, "file '" + file.path() + "' no longer exists");
        } catch (IOException storage) {
            throw failed("opening", file.path(), storage);
        }
    }

    /** The path under the root; one that is not a path here, or would leave the root, is missing from it. */
    private Path inside(String path) throws SourceException {
        try {
            Path target = root.resolve(path).normalize();
            if (target.startsWith(root)) {
                return target;
            }
        } catch (InvalidPathException notAPath) {
            throw new SourceException(SourceException.Kind.MISSING, "'" + printable(path)
                    + "' is not a valid path on this server's file system");
        }
        throw new SourceException(SourceException.Kind.MISSING, "'" + path + "' is outside the source");
    }

    private SourceFile describe(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new SourceFile(root.relativize(file).toString().replace('\\', '/'),
                attributes.lastModifiedTime().toInstant(), attributes.size());
    }

    private static SourceException failed(String doing, String path, IOException failure) {
        return new SourceException(SourceException.Kind.STORAGE_FAILURE, "the file system failed while " + doing
                + " '" + path + "': " + failure.getMessage(), failure);
    }

    /** A path as it can be shown in a reason: control characters as escapes. */
    private static String printable(String path) {
        StringBuilder shown = new StringBuilder();
        path.codePoints().forEach(c -> shown.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : Character.toString(c)));
        return shown.toString();
    }
}
