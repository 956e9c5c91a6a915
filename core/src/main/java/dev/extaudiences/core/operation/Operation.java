package dev.extaudiences.core.operation;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.Objects;
import java.util.Optional;

/**
 * The asynchronous creation of an audience. It starts processing and ends exactly once, succeeded or failed; an ended
 * operation never changes again.
 */
public record Operation(OperationId id, TenantScope scope, NewAudience request, OperationStatus status, Stamp created,
                        Stamp updated) {

    public Operation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
    }

    public static Operation start(OperationId id, TenantScope scope, NewAudience request, Stamp created) {
        return new Operation(id, scope, request, new OperationStatus.Processing(), created, created);
    }

    public boolean isProcessing() {
        return status instanceof OperationStatus.Processing;
    }

    public Optional<AudienceId> audienceId() {
        return status instanceof OperationStatus.Succeeded succeeded ? Optional.of(succeeded.audienceId())
                : Optional.empty();
    }

    public Operation succeed(AudienceId audienceId, Stamp at) {
        return end(new OperationStatus.Succeeded(audienceId), at);
    }

    public Operation fail(String reason, Stamp at) {
        return end(new OperationStatus.Failed(reason), at);
    }

    private Operation end(OperationStatus outcome, Stamp at) {
        if (!isProcessing()) {
            throw new IllegalStateException("operation " + id + " has already ended: " + status);
        }
        return new Operation(id, scope, request, outcome, created, at);
    }
}
