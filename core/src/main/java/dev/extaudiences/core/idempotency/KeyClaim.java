package dev.extaudiences.core.idempotency;

import java.time.Instant;
import java.util.Objects;

/** What became of claiming a key for a request: a closed set, each handled by name. */
public sealed interface KeyClaim {

    /** The key was free (never used, expired, or its last claim abandoned): this request does the work. */
    record Claimed(String token) implements KeyClaim {
        public Claimed {
            Objects.requireNonNull(token, "token");
        }
    }

    /** The same request under this key was answered already: answer it again, do nothing. */
    record Replay(StoredReply reply) implements KeyClaim {
        public Replay {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** The same request under this key is being worked on since {@code since}, and has not been answered yet. */
    record InFlight(Instant since) implements KeyClaim {
        public InFlight {
            Objects.requireNonNull(since, "since");
        }
    }

    /** The key was used for another request (another body, route or audience) within its window. */
    record Mismatch() implements KeyClaim {
    }
}
