package dev.extaudiences.core.idempotency;

import java.util.Objects;

/**
 * The first answer to a keyed request, as the driving adapter recorded it to answer again: opaque to the domain,
 * which only keeps it (an HTTP adapter keeps its status and body).
 */
public record StoredReply(int status, String body) {

    public StoredReply {
        Objects.requireNonNull(body, "body");
        // a database's text column takes no NUL, and no JSON writer leaves one unescaped
        if (body.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a stored reply's body is text without NUL characters");
        }
    }
}
