package dev.extaudiences.core.source;

import java.util.Objects;

/** Reading a source failed: the data is not there or not readable, or the storage itself failed. */
public final class SourceException extends Exception {

    /** What kind of failure, which decides whose problem it is. */
    public enum Kind {
        /** The path or a file is not there. */
        MISSING,
        /** A file is there but cannot be read as CSV. */
        UNREADABLE,
        /** The storage failed (a 502-class dependency failure). */
        STORAGE_FAILURE
    }

    private final Kind kind;

    public SourceException(Kind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public SourceException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
