package dev.extaudiences.core.port.in;

import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.tenant.TenantScope;

/** Reads where a create operation stands. */
public interface GetOperationUseCase {

    /** The operation, or a {@code NotFound} error when it does not exist in the scope. */
    Operation operation(TenantScope scope, OperationId id);
}
