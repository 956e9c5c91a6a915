package dev.extaudiences.core.port.out;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.run.RunId;
import java.util.UUID;

/** Where new ids come from; tests inject a predictable source, servers a random one. */
public interface Ids {

    String next();

    default AudienceId audienceId() {
        return new AudienceId(next());
    }

    default OperationId operationId() {
        return new OperationId(next());
    }

    default RunId runId() {
        return new RunId(next());
    }

    /** Random UUIDs: unique across nodes without coordination. */
    static Ids random() {
        return () -> UUID.randomUUID().toString();
    }
}
