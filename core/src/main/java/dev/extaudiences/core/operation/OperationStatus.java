package dev.extaudiences.core.operation;

import dev.extaudiences.core.audience.AudienceId;
import java.util.Objects;

/** Where a create operation stands: processing, then either the audience it created or why it could not. */
public sealed interface OperationStatus {

    record Processing() implements OperationStatus {
    }

    record Succeeded(AudienceId audienceId) implements OperationStatus {
        public Succeeded {
            Objects.requireNonNull(audienceId, "audienceId");
        }
    }

    record Failed(String reason) implements OperationStatus {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
