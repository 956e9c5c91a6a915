package dev.extaudiences.core;

import dev.extaudiences.core.port.out.AudienceOperations;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.Members;
import java.util.Objects;

/** The four stores the domain keeps its state in, from one adapter, so that they share one database or one memory. */
public record Stores(Audiences audiences, AudienceOperations operations, IngestionRuns runs, Members members) {

    public Stores {
        Objects.requireNonNull(audiences, "audiences");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(members, "members");
    }
}
