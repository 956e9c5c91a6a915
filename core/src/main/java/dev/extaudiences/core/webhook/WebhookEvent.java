package dev.extaudiences.core.webhook;

import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationStatus;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Something that ended, as told to subscribers: its id, when it happened (the domain's clock) and what ended. Its
 * {@link #orderingKey} groups the events that must arrive in order: those of one audience (a create that failed has
 * no audience, and is its own group).
 */
public record WebhookEvent(EventId id, Instant at, Subject subject) {

    public WebhookEvent {
        Objects.requireNonNull(id, "id");
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(subject, "subject");
    }

    public EventType type() {
        return subject instanceof OperationEnded ? EventType.OPERATION_ENDED : EventType.RUN_ENDED;
    }

    public TenantScope scope() {
        if (subject instanceof OperationEnded ended) {
            return ended.operation().scope();
        }
        return ((RunEnded) subject).run().scope();
    }

    public String orderingKey() {
        if (subject instanceof OperationEnded ended) {
            return ended.operation().audienceId().map(audience -> "audience:" + audience.value())
                    .orElse("operation:" + ended.operation().id().value());
        }
        return "audience:" + ((RunEnded) subject).run().audienceId().value();
    }

    /** What ended. */
    public sealed interface Subject {
    }

    /** A create operation that ended (succeeded or failed). */
    public record OperationEnded(Operation operation) implements Subject {
        public OperationEnded {
            Objects.requireNonNull(operation, "operation");
            if (operation.status() instanceof OperationStatus.Processing) {
                throw new IllegalArgumentException("an operation still processing has not ended");
            }
        }
    }

    /** An ingestion run that ended (succeeded or failed). */
    public record RunEnded(IngestionRun run) implements Subject {
        public RunEnded {
            Objects.requireNonNull(run, "run");
            if (!run.status().isTerminal()) {
                throw new IllegalArgumentException("a run in progress has not ended");
            }
        }
    }
}
