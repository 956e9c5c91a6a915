package dev.extaudiences.app;

import dev.extaudiences.adapter.memory.InMemoryConnections;
import dev.extaudiences.adapter.memory.InMemoryStores;
import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.source.Connection;
import java.time.Clock;
import java.util.List;

/**
 * The one place that knows every module and wires them with plain constructors: no container, no reflection. What a
 * server or an embedding service runs is built here from settings.
 */
public final class CompositionRoot {

    private CompositionRoot() {
    }

    /** The whole domain over in-memory stores: nothing survives a restart. */
    public static ExternalAudiences inMemory(Clock clock, RunGuardrails guardrails, List<Connection> connections) {
        return ExternalAudiences.builder(InMemoryStores.create())
                .clock(clock)
                .guardrails(guardrails)
                .connections(new InMemoryConnections(connections))
                .build();
    }
}
