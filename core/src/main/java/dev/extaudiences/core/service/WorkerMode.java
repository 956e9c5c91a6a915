package dev.extaudiences.core.service;

/**
 * How a node's run workers take part once started in the background. Whichever the mode, the node fails runs whose
 * lease lapsed: a run whose node died is failed by any node alive, not only by one that executes runs.
 */
public sealed interface WorkerMode {

    /** Background threads claim and execute runs, and the node is seen as a worker (its heartbeats). */
    record Executing(int threads) implements WorkerMode {
        public Executing {
            if (threads < 1) {
                throw new IllegalArgumentException("a node that executes runs needs at least one thread: " + threads);
            }
        }
    }

    /** No run is executed here and the node is not seen as a worker; it only fails runs whose lease lapsed. */
    record Observing() implements WorkerMode {
    }

    /** The mode of {@code threads} worker threads: observing with none. */
    static WorkerMode of(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("worker threads cannot be negative: " + threads);
        }
        return threads == 0 ? new Observing() : new Executing(threads);
    }
}
