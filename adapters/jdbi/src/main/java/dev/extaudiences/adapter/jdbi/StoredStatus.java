package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.operation.OperationStatus;
import dev.extaudiences.core.run.RunStatus;

/**
 * The names statuses are stored under, in the status columns and the bodies of {@code ingestion_runs} and
 * {@code audience_operations}: this adapter's own, fixed by the rows already stored (the DAOs' SQL compares with
 * {@code 'PROCESSING'} as written here), so that neither the domain nor the wire can rename one without a migration.
 */
final class StoredStatus {

    static final String PROCESSING = "PROCESSING";
    static final String SUCCESS = "SUCCESS";
    static final String FAILED = "FAILED";

    private StoredStatus() {
    }

    static String of(RunStatus.Kind kind) {
        return switch (kind) {
            case PROCESSING -> PROCESSING;
            case SUCCEEDED -> SUCCESS;
            case FAILED -> FAILED;
        };
    }

    static RunStatus.Kind runKind(String stored) {
        return switch (stored) {
            case PROCESSING -> RunStatus.Kind.PROCESSING;
            case SUCCESS -> RunStatus.Kind.SUCCEEDED;
            case FAILED -> RunStatus.Kind.FAILED;
            default -> throw new IllegalStateException("unknown stored run status " + stored);
        };
    }

    static String of(OperationStatus status) {
        if (status instanceof OperationStatus.Succeeded) {
            return SUCCESS;
        }
        return status instanceof OperationStatus.Failed ? FAILED : PROCESSING;
    }
}
