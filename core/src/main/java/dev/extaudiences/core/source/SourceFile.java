package dev.extaudiences.core.source;

import java.time.Instant;
import java.util.Objects;

/** One file under a source path: its path relative to the connection's root, when it was last modified, its size. */
public record SourceFile(String path, Instant modifiedAt, long sizeBytes) {

    public SourceFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }
}
