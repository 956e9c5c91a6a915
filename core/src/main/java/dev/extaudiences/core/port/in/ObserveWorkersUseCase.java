package dev.extaudiences.core.port.in;

import dev.extaudiences.core.run.WorkerPresence;

/** What a health check asks: does any node (this one or another sharing the store) execute runs? */
public interface ObserveWorkersUseCase {

    /**
     * Seen when some node's run workers beat within the run lease; silent otherwise (every node runs with no worker
     * threads, or they all stopped), naming how long no worker has been seen.
     */
    WorkerPresence workerPresence();
}
