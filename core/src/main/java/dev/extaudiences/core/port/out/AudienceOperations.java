package dev.extaudiences.core.port.out;

import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.List;
import java.util.Optional;

/** Where create operations are kept, scoped like everything else. */
public interface AudienceOperations {

    void add(Operation operation);

    Optional<Operation> find(TenantScope scope, OperationId id);

    /**
     * Records that a processing operation has ended. An operation ends once: ending one that has already ended is
     * refused with an {@link IllegalStateException} and changes nothing.
     */
    void end(Operation ended);

    /** Operations still processing, oldest first, in any scope: what a restarted server must finish. */
    List<Operation> processing(int limit);
}
