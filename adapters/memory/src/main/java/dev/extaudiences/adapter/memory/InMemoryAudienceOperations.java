package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.port.out.AudienceOperations;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Create operations in a map. */
public final class InMemoryAudienceOperations implements AudienceOperations {

    private record Key(TenantScope scope, OperationId id) {
    }

    private final Map<Key, Operation> operations = new HashMap<>();

    @Override
    public synchronized void add(Operation operation) {
        if (operations.putIfAbsent(new Key(operation.scope(), operation.id()), operation) != null) {
            throw new IllegalStateException("operation " + operation.id() + " already exists");
        }
    }

    @Override
    public synchronized Optional<Operation> find(TenantScope scope, OperationId id) {
        return Optional.ofNullable(operations.get(new Key(scope, id)));
    }

    @Override
    public synchronized void end(Operation ended) {
        if (ended.isProcessing()) {
            throw new IllegalArgumentException("operation " + ended.id() + " has not ended");
        }
        Key key = new Key(ended.scope(), ended.id());
        Operation current = operations.get(key);
        if (current == null) {
            throw new IllegalStateException("operation " + ended.id() + " does not exist");
        }
        if (!current.isProcessing()) {
            throw new IllegalStateException("operation " + ended.id() + " has already ended");
        }
        operations.put(key, ended);
    }

    @Override
    public synchronized List<Operation> processing(int limit) {
        return operations.values().stream()
                .filter(Operation::isProcessing)
                .sorted(Comparator.comparing((Operation o) -> o.created().at()).thenComparing(o -> o.id().value()))
                .limit(limit)
                .toList();
    }
}
