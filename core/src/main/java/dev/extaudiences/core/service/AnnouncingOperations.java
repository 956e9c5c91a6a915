package dev.extaudiences.core.service;

import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.port.out.AudienceOperations;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.List;
import java.util.Optional;

/** The operations store, announcing every operation it ends (an operation ends once: a second end is refused). */
final class AnnouncingOperations implements AudienceOperations {

    private final AudienceOperations operations;
    private final WebhookPublisher publisher;

    AnnouncingOperations(AudienceOperations operations, WebhookPublisher publisher) {
        this.operations = operations;
        this.publisher = publisher;
    }

    @Override
    public void end(Operation ended) {
        operations.end(ended);
        publisher.operationEnded(ended);
    }

    @Override
    public void add(Operation operation) {
        operations.add(operation);
    }

    @Override
    public Optional<Operation> find(TenantScope scope, OperationId id) {
        return operations.find(scope, id);
    }

    @Override
    public List<Operation> processing(int limit) {
        return operations.processing(limit);
    }
}
