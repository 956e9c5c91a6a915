package dev.extaudiences.core.source;

import java.util.Objects;

/** Whether this server can read a source at all, checked when a run is started. */
public sealed interface SourceCheck {

    record Readable() implements SourceCheck {
    }

    /** The kind of storage is not available in this server (a 422: the request is fine, the server cannot serve it). */
    record Unavailable(String reason) implements SourceCheck {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The path would leave its connection's root (a 400 on the path). */
    record Escapes(String reason) implements SourceCheck {
        public Escapes {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
