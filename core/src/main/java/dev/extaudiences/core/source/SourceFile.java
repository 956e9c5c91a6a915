package dev.extaudiences.core.source;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One file under a source path: its path relative to the connection's root, when it was last modified, its size, and
 * the version its storage gives it where it gives one (an object store's ETag): what tells a rewritten file from the
 * one that was listed.
 */
public record SourceFile(String path, Instant modifiedAt, long sizeBytes, Optional<String> version) {

    public SourceFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
        Objects.requireNonNull(version, "version");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }

    /** A file of a storage that keeps no version: a file system. */
    public SourceFile(String path, Instant modifiedAt, long sizeBytes) {
        this(path, modifiedAt, sizeBytes, Optional.empty());
    }

    /** The name after the last {@code /}: what a folder listing skips when it starts with a dot. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
