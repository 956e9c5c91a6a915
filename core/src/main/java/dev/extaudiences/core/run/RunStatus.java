package dev.extaudiences.core.run;

import java.time.Instant;
import java.util.Objects;

/** Where a run stands. Succeeded and failed are terminal: no event moves a run out of them. */
public sealed interface RunStatus {

    /** The status without its data: what runs are counted by. */
    enum Kind { PROCESSING, SUCCEEDED, FAILED }

    default Kind kind() {
        return this instanceof Processing ? Kind.PROCESSING : this instanceof Succeeded ? Kind.SUCCEEDED : Kind.FAILED;
    }

    default boolean isTerminal() {
        return !(this instanceof Processing);
    }

    record Processing() implements RunStatus {
    }

    record Succeeded(Instant at) implements RunStatus {
        public Succeeded {
            Objects.requireNonNull(at, "at");
        }
    }

    record Failed(Instant at, RunFailure failure) implements RunStatus {
        public Failed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(failure, "failure");
        }
    }
}
