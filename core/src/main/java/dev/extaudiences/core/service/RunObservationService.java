package dev.extaudiences.core.service;

import dev.extaudiences.core.port.in.ObserveRunsUseCase;
import dev.extaudiences.core.port.in.ObserveWorkersUseCase;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.run.RunsByStatus;
import dev.extaudiences.core.run.WorkerPresence;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What an operator watches of the runs, in every scope and on every node sharing the store: how many are in each
 * status, and whether any node executes them.
 */
public final class RunObservationService implements ObserveRunsUseCase, ObserveWorkersUseCase {

    private final IngestionRuns runs;
    private final Clock clock;
    private final Duration lease;

    /** @param lease the run lease: a node's workers beat well within it, so a longer silence means none is left */
    public RunObservationService(IngestionRuns runs, Clock clock, Duration lease) {
        this.runs = Objects.requireNonNull(runs);
        this.clock = Objects.requireNonNull(clock);
        this.lease = Objects.requireNonNull(lease);
    }

    @Override
    public RunsByStatus runsByStatus() {
        return runs.countByStatus();
    }

    @Override
    public WorkerPresence workerPresence() {
        return WorkerPresence.of(runs.lastWorkerSeen(), clock.instant(), lease);
    }
}
