package dev.extaudiences.core.operation;

import dev.extaudiences.core.audience.AudienceId;
import java.util.Objects;

/** Where a create operation stands: processing, then either the audience it created or why it could not. */
public sealed interface OperationStatus {

    /** The contract's name for this status. */
    String wireName();

    record Processing() implements OperationStatus {
        @Override
        public String wireName() {
            return "PROCESSING";
        }
    }

    record Succeeded(AudienceId audienceId) implements OperationStatus {
        public Succeeded {
            Objects.requireNonNull(audienceId, "audienceId");
        }

        @Override
        public String wireName() {
            return "SUCCESS";
        }
    }

    record Failed(String reason) implements OperationStatus {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String wireName() {
            return "FAILED";
        }
    }
}
