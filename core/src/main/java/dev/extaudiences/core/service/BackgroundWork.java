package dev.extaudiences.core.service;

import dev.extaudiences.core.IdentityRules;
import dev.extaudiences.core.Stores;
import dev.extaudiences.core.port.out.IdempotencyKeys;
import dev.extaudiences.core.port.out.SourceFiles;
import dev.extaudiences.core.port.out.SourceReads;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a node does besides answering calls, and the threads it does it on: completing accepted creates, executing runs
 * (claims, leases and heartbeats), failing the runs of a node that died, sweeping expired members and idempotency
 * keys, and removing what a full run replaced. It owns every thread it starts and {@link #close} stops them all, so that whoever builds it has
 * one thing to close; an executor it is given instead stays its giver's to stop.
 */
public final class BackgroundWork implements AutoCloseable {

    private static final int SWEEP_BATCH = 1_000;
    private static final int KEY_SWEEP_BATCH = 1_000;

    private final Lane completions;
    private final Lane housekeepingLane;
    private final MemberHousekeeping housekeeping;
    private final RunWorkers workers;
    private final ExpirySweeper sweeper;
    private final IdempotencyKeys keys;
    private final Clock clock;
    private final ScheduledExecutorService sweeps = Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "expiry-sweeper"));
    private boolean started;
    private boolean closed;

    /**
     * @param outcomeRetry how a failed run's outcome is saved again while the store cannot take it
     * @param completeOn   where accepted creates are completed; empty: on two daemon threads of its own
     * @param housekeepOn  where the members a full run replaced are removed; empty: on one daemon thread of its own
     * @param reads        told what runs read from their storages
     */
    public BackgroundWork(Stores stores, SourceFiles files, Clock clock, Duration runLease, Backoff outcomeRetry,
                          Optional<Executor> completeOn, Optional<Executor> housekeepOn, SourceReads reads) {
        this(stores, files, clock, runLease, outcomeRetry, completeOn, housekeepOn, reads, IdentityRules.defaults());
    }

    /** @param identityRules how runs normalise each identity namespace's values */
    public BackgroundWork(Stores stores, SourceFiles files, Clock clock, Duration runLease, Backoff outcomeRetry,
                          Optional<Executor> completeOn, Optional<Executor> housekeepOn, SourceReads reads,
                          IdentityRules identityRules) {
        Objects.requireNonNull(stores, "stores");
        this.completions = Lane.of(completeOn, () -> Executors.newFixedThreadPool(2,
                runnable -> daemon(runnable, "audience-create")));
        // one thread: removals of replaced members take their turn rather than compete with runs for the database
        this.housekeepingLane = Lane.of(housekeepOn, () -> Executors.newSingleThreadExecutor(
                runnable -> daemon(runnable, "member-housekeeping")));
        this.housekeeping = new MemberHousekeeping(stores.members(), housekeepingLane.executor(),
                MemberHousekeeping.BATCH_SIZE);
        IngestionEngine engine = new IngestionEngine(stores.audiences(), stores.runs(), stores.stagedMembers(), files, clock,
                outcomeRetry, housekeeping::afterFullRun, reads, identityRules);
        this.workers = new RunWorkers(stores.runs(), stores.stagedMembers(), engine, clock, runLease);
        this.sweeper = new ExpirySweeper(stores.audiences(), stores.members(), clock, SWEEP_BATCH);
        this.keys = stores.idempotencyKeys();
        this.clock = clock;
    }

    /** Where accepted creates are completed, after {@code create} has returned. */
    public Executor completions() {
        return completions.executor();
    }

    /** Tells idle run workers that a run is waiting, so that they need not wait for their next poll. */
    public void runStarted() {
        workers.wake();
    }

    /**
     * Starts the periodic work: run workers in {@code mode} (polling every {@code pollInterval}), the check for runs
     * whose lease lapsed, and a sweep of expired members every {@code sweepInterval}. Once: a second start, or one
     * after {@link #close}, changes nothing.
     */
    public synchronized void start(WorkerMode mode, Duration pollInterval, Duration sweepInterval) {
        Objects.requireNonNull(mode, "mode");
        if (started || closed) {
            return;
        }
        started = true;
        workers.start(mode, pollInterval);
        sweeps.scheduleWithFixedDelay(() -> {
            try {
                sweeper.sweep();
            } catch (RuntimeException storeFailure) {
                // the next pass tries again
            }
            try {
                sweepExpiredIdempotencyKeys();
            } catch (RuntimeException storeFailure) {
                // the next pass tries again; an expired key is never answered from meanwhile
            }
        }, sweepInterval.toMillis(), sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Executes, on the calling thread, every run waiting to be executed (see {@link RunWorkers#drain}). */
    public int executePendingRuns() {
        return workers.drain();
    }

    /** Removes every idempotency key expired by the clock's now, in batches, on the calling thread; answers how many. */
    public long sweepExpiredIdempotencyKeys() {
        long removed = 0;
        int batch;
        do {
            batch = keys.removeExpired(clock.instant(), KEY_SWEEP_BATCH);
            removed += batch;
        } while (batch == KEY_SWEEP_BATCH);
        return removed;
    }

    /** One sweep of expired members on the calling thread; answers how many it removed. */
    public long sweepExpiredMembers() {
        return sweeper.sweep();
    }

    /**
     * Stops the sweeps and the run workers (a run in progress is left to its lease), ends the removal of replaced
     * members after its batch in flight, then lets accepted creates finish (up to a few seconds).
     */
    @Override
    public synchronized void close() {
        closed = true;
        sweeps.shutdownNow();
        try {
            // a sweep in flight ends before the stores it reads can be closed under it
            sweeps.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        workers.close();
        housekeeping.stop();
        housekeepingLane.finish(Duration.ofSeconds(30));
        completions.finish(Duration.ofSeconds(5));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** An executor given to this object (its giver's to stop), or threads of its own (its to stop). */
    private record Lane(Executor executor, Optional<ExecutorService> owned) {

        static Lane of(Optional<Executor> given, Supplier<ExecutorService> own) {
            if (given.isPresent()) {
                return new Lane(given.get(), Optional.empty());
            }
            ExecutorService threads = own.get();
            return new Lane(threads, Optional.of(threads));
        }

        /**
         * Lets what its own threads accepted finish, for up to {@code patience}. Not interrupted: an embedded
         * database closes its file under a thread interrupted in the middle of a write.
         */
        void finish(Duration patience) {
            owned.ifPresent(threads -> {
                threads.shutdown();
                try {
                    threads.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}
