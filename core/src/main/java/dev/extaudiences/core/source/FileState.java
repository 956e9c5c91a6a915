package dev.extaudiences.core.source;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Whether a file is still what its listing said ({@link SourceFile}): asked of the stream reading it once it is open
 * and once its last row has been read. A file rewritten or truncated under a run reads as a consistent CSV of the
 * wrong rows, so only its metadata can tell: size and modification time for files, the ETag or version for object
 * stores.
 */
public sealed interface FileState {

    record Unchanged() implements FileState {
    }

    /** The file is there, but not as it was listed: every difference seen, at least one. */
    record Changed(List<Difference> differences) implements FileState {
        public Changed {
            differences = List.copyOf(differences);
            if (differences.isEmpty()) {
                throw new IllegalArgumentException("a changed file differs in something");
            }
        }
    }

    /** The file is no longer there. */
    record Gone() implements FileState {
    }

    /** One thing that differs from the listing, with its listed value and its value now. */
    sealed interface Difference {
        record Size(long listedBytes, long nowBytes) implements Difference {
        }

        record Modified(Instant listed, Instant now) implements Difference {
            public Modified {
                Objects.requireNonNull(listed, "listed");
                Objects.requireNonNull(now, "now");
            }
        }

        /** An object store's ETag or version id, or a file system's file identity (the file was replaced). */
        record Version(String listed, String now) implements Difference {
            public Version {
                Objects.requireNonNull(listed, "listed");
                Objects.requireNonNull(now, "now");
            }
        }
    }

    /**
     * What a file system can tell: its size and modification time now against the listing's. A source without a
     * better token (an ETag, a version) answers with this.
     */
    static FileState compare(SourceFile listed, long nowBytes, Instant nowModified) {
        return compare(listed, new SourceFile(listed.path(), nowModified, nowBytes, listed.version()));
    }

    /** The file as its storage describes it now against its listing: every difference, the version's among them. */
    static FileState compare(SourceFile listed, SourceFile now) {
        long nowBytes = now.sizeBytes();
        Instant nowModified = now.modifiedAt();
        List<Difference> differences = new java.util.ArrayList<>();
        if (listed.version().isPresent() && now.version().isPresent()
                && !listed.version().get().equals(now.version().get())) {
            differences.add(new Difference.Version(listed.version().get(), now.version().get()));
        }
        if (listed.sizeBytes() != nowBytes) {
            differences.add(new Difference.Size(listed.sizeBytes(), nowBytes));
        }
        if (!listed.modifiedAt().equals(nowModified)) {
            differences.add(new Difference.Modified(listed.modifiedAt(), nowModified));
        }
        return differences.isEmpty() ? new Unchanged() : new Changed(differences);
    }
}
