package dev.extaudiences.core;

import dev.extaudiences.core.port.out.AudienceOperations;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.IdempotencyKeys;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.port.out.StagedMembers;
import java.util.Objects;

/** The stores the domain keeps its state in, from one adapter, so that they share one database or one memory. */
public record Stores(Audiences audiences, AudienceOperations operations, IngestionRuns runs,
                     StagedMembers stagedMembers, Members members, IdempotencyKeys idempotencyKeys) {

    public Stores {
        Objects.requireNonNull(audiences, "audiences");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(stagedMembers, "stagedMembers");
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(idempotencyKeys, "idempotencyKeys");
    }
}
