package dev.extaudiences.core.service;

import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.port.out.AudienceOperations;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The operations store, announcing every operation it ends (an operation ends once: a second end is refused). */
final class AnnouncingOperations implements AudienceOperations {

    private final AudienceOperations operations;
    private final Consumer<Operation> ended;

    AnnouncingOperations(AudienceOperations operations, Consumer<Operation> ended) {
        this.operations = operations;
        this.ended = ended;
    }

    @Override
    public void end(Operation outcome) {
        operations.end(outcome);
        ended.accept(outcome);
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
