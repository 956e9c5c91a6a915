package dev.extaudiences.adapter.files;

import dev.extaudiences.core.port.out.SourceFiles;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceCheck;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.TenantScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Source files on a file system. The data landing zone is a directory per scope,
 * {@code <landing>/<orgId>/<sandboxName>/} (each name escaped so that two scopes never share a folder, see
 * {@link ScopeFolderName}), needing no connection; a configured connection may point at a local or
 * mounted directory (an NFS or fuse-mounted bucket works through it). Object stores reached over their own protocols
 * are not available in this server. No path, link included, ever reads outside its root.
 */
public final class DirectorySourceFiles implements SourceFiles {

    private final Path landing;
    private final Map<ConnectionId, Path> directories;

    public DirectorySourceFiles(Path landing, Map<ConnectionId, Path> directoryConnections) {
        this.landing = landing.toAbsolutePath().normalize();
        this.directories = Map.copyOf(directoryConnections);
    }

    /** The landing directory of a scope: where a user drops the files of its DLZ audiences. */
    public Path landingDirectory(TenantScope scope) {
        return landing.resolve(ScopeFolderName.of(scope.orgId())).resolve(ScopeFolderName.of(scope.sandboxName()));
    }

    /**
     * Where a source's files are: the folder paths are resolved in, and what every file's real path must lie under.
     * For a landing folder that is the folder as this server names it under the landing zone's real path, never the
     * place a link at the folder itself points to: an org's or sandbox's folder made a link to another org's folder
     * must not let one org read the other's files. A connection's configured directory may itself be a link (a mount
     * point often is): its real path is the root.
     */
    private record Root(Path path, Path landing) {

        static Root ofLanding(Path landing, Path folder) {
            return new Root(folder, landing);
        }

        static Root ofConnection(Path directory) {
            return new Root(directory, null);
        }

        Path realBoundary() throws IOException {
            if (landing == null) {
                return path.toRealPath();
            }
            return landing.toRealPath().resolve(landing.relativize(path));
        }

        boolean holds(Path file) throws IOException {
            return file.toRealPath().startsWith(realBoundary());
        }
    }

    @Override
    public SourceCheck check(TenantScope scope, SourceSpec spec) {
        Optional<Root> root = root(scope, spec);
        if (root.isEmpty()) {
            return new SourceCheck.Unavailable(unavailable(spec));
        }
        Optional<String> escape = escapes(root.get(), spec.path().value());
        return escape.<SourceCheck>map(SourceCheck.Escapes::new).orElseGet(SourceCheck.Readable::new);
    }

    @Override
    public List<SourceFile> list(TenantScope scope, SourceSpec spec) throws SourceException {
        Root root = root(scope, spec).orElseThrow(() -> new SourceException(SourceException.Kind.STORAGE_FAILURE,
                unavailable(spec)));
        Optional<String> escape = escapes(root, spec.path().value());
        if (escape.isPresent()) {
            throw new SourceException(SourceException.Kind.MISSING, escape.get());
        }
        Path target = root.path().resolve(spec.path().value()).normalize();
        String shown = spec.path().value();
        try {
            if (spec.kind() == SourceKind.FILE) {
                if (!Files.isRegularFile(target)) {
                    throw new SourceException(SourceException.Kind.MISSING,
                            "file '" + shown + "' does not exist in the source");
                }
                return List.of(describe(root.path(), target));
            }
            if (!Files.isDirectory(target)) {
                throw new SourceException(SourceException.Kind.MISSING,
                        "folder '" + shown + "' does not exist in the source");
            }
            List<SourceFile> files = new ArrayList<>();
            try (Stream<Path> children = Files.list(target)) {
                for (Path child : children.sorted(Comparator.comparing(Path::toString)).toList()) {
                    String name = child.getFileName().toString();
                    // hidden files are uploads in progress or system files; links out of the root are never read
                    if (!name.startsWith(".") && Files.isRegularFile(child) && root.holds(child)) {
                        files.add(describe(root.path(), child));
                    }
                }
            }
            return files;
        } catch (NoSuchFileException vanished) {
            throw new SourceException(SourceException.Kind.MISSING, "'" + shown + "' disappeared while being listed");
        } catch (IOException storage) {
            throw new SourceException(SourceException.Kind.STORAGE_FAILURE,
                    "the source storage failed while listing '" + shown + "': " + storage.getMessage(), storage);
        }
    }

    @Override
    public RecordStream open(TenantScope scope, SourceSpec spec, SourceFile file) throws SourceException {
        Root root = root(scope, spec).orElseThrow(() -> new SourceException(SourceException.Kind.STORAGE_FAILURE,
                unavailable(spec)));
        try {
            Path path = root.path().resolve(file.path()).normalize();
            Path real = path.toRealPath();
            if (!path.startsWith(root.path()) || !real.startsWith(root.realBoundary())) {
                throw new SourceException(SourceException.Kind.MISSING, "file '" + file.path()
                        + "' is outside the source");
            }
            // the checked path, opened without following a link its last part may have become since the check
            return CsvRecordStream.open(file.path(), Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS),
                    () -> state(path, file));
        } catch (InvalidPathException notAPath) {
            throw new SourceException(SourceException.Kind.MISSING, "'" + printable(file.path())
                    + "' is not a valid path on this server's file system");
        } catch (NoSuchFileException vanished) {
            throw new SourceException(SourceException.Kind.MISSING, "file '" + file.path() + "' no longer exists");
        } catch (IOException storage) {
            throw new SourceException(SourceException.Kind.STORAGE_FAILURE,
                    "the source storage failed while opening '" + file.path() + "': " + storage.getMessage(), storage);
        }
    }

    private Optional<Root> root(TenantScope scope, SourceSpec spec) {
        if (spec.baseConnectionId().isPresent()) {
            return Optional.ofNullable(directories.get(spec.baseConnectionId().get()))
                    .map(path -> Root.ofConnection(path.toAbsolutePath().normalize()));
        }
        return spec.cloudType() == CloudType.DLZ ? Optional.of(Root.ofLanding(landing, landingDirectory(scope)))
                : Optional.empty();
    }

    private static String unavailable(SourceSpec spec) {
        String what = spec.baseConnectionId().map(id -> spec.cloudType().wireName() + " connection '" + id + "'")
                .orElse(spec.cloudType().wireName() + " storage without a connection");
        return what + " is not available in this server: only the data landing zone and directory connections "
                + "(a local or mounted path) can be read";
    }

    /** Why the path would leave the root, if it would: through {@code ..}, an absolute path, or a link. */
    private static Optional<String> escapes(Root root, String relative) {
        Path target;
        try {
            target = root.path().resolve(relative).normalize();
        } catch (InvalidPathException notAPath) {
            // a path stored before the domain refused such characters must fail its run, not the server
            return Optional.of("'" + printable(relative) + "' is not a valid path on this server's file system");
        }
        if (Path.of(relative).isAbsolute() || !target.startsWith(root.path())) {
            return Optional.of("'" + relative + "' points outside the source's root");
        }
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.exists(root.path()) && !root.holds(target)) {
                return Optional.of("'" + relative + "' links to a place outside the source's root");
            }
        } catch (IOException unresolvable) {
            return Optional.of("'" + relative + "' cannot be resolved inside the source's root");
        }
        return Optional.empty();
    }

    /** A path as it can be shown in a reason: control characters as escapes. */
    private static String printable(String path) {
        StringBuilder shown = new StringBuilder();
        path.codePoints().forEach(c -> shown.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : Character.toString(c)));
        return shown.toString();
    }

    /** The file at {@code path} now, against its listing: size and modification time are what a file system keeps. */
    private static FileState state(Path path, SourceFile listed) throws SourceException {
        try {
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class);
            return FileState.compare(listed, now.size(), now.lastModifiedTime().toInstant());
        } catch (NoSuchFileException deleted) {
            return new FileState.Gone();
        } catch (IOException storage) {
            throw new SourceException(SourceException.Kind.STORAGE_FAILURE, "the source storage failed while "
                    + "checking '" + listed.path() + "': " + storage.getMessage(), storage);
        }
    }

    private static SourceFile describe(Path root, Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new SourceFile(root.relativize(file).toString().replace('\\', '/'),
                attributes.lastModifiedTime().toInstant(), attributes.size());
    }
}
