package dev.extaudiences.core.service;

import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.run.RunFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Executes runs: claims them through the store with a lease (so nodes sharing a database never run one run twice),
 * keeps the lease alive with a heartbeat while a run executes, and fails runs whose lease lapsed because their node
 * stopped. Runs are executed either on a caller's thread ({@link #drain}) or, once {@linkplain #start started} in a
 * {@link WorkerMode}, by a bounded set of background threads.
 */
public final class RunWorkers implements AutoCloseable {

    private final IngestionRuns runs;
    private final StagedMembers stagedMembers;
    private final IngestionEngine engine;
    private final Clock clock;
    private final Duration lease;
    private final String nodeId = "node-" + UUID.randomUUID();
    private final Semaphore wakeUp = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "run-lease-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private WorkerMode mode; // set once, by start
    private volatile boolean closed;

    /** @param stagedMembers where a lapsed run's staging is dropped when this node fails the run */
    public RunWorkers(IngestionRuns runs, StagedMembers stagedMembers, IngestionEngine engine, Clock clock,
                      Duration lease) {
        this.runs = Objects.requireNonNull(runs);
        this.stagedMembers = Objects.requireNonNull(stagedMembers);
        this.engine = Objects.requireNonNull(engine);
        this.clock = Objects.requireNonNull(clock);
        this.lease = Objects.requireNonNull(lease);
    }

    /**
     * Records this node as a worker, fails lapsed runs, then claims and executes runs on the calling thread until none
     * is left; answers how many. A run executed here is given up only when its lease is lost (or the calling thread is
     * interrupted): closing the background workers does not stop it.
     */
    public int drain() {
        beat();
        failLapsed();
        int executed = 0;
        Optional<IngestionRun> claimed;
        while ((claimed = claim()).isPresent()) {
            execute(claimed.get(), () -> false);
            executed++;
        }
        return executed;
    }

    /**
     * Starts the background work of {@code mode}, looking for lapsed runs every {@code pollInterval}. Executing
     * threads also look for work every {@code pollInterval}, and when woken, and record this node as a worker at a
     * quarter of the lease. Started once: a second start changes nothing.
     */
    public synchronized void start(WorkerMode mode, Duration pollInterval) {
        Objects.requireNonNull(mode, "mode");
        if (this.mode != null || closed) {
            return;
        }
        this.mode = mode;
        long poll = Math.max(1, pollInterval.toMillis());
        heartbeats.scheduleWithFixedDelay(() -> {
            try {
                failLapsed();
            } catch (RuntimeException storeFailure) {
                // the next pass tries again
            }
        }, poll, poll, TimeUnit.MILLISECONDS);
        if (mode instanceof WorkerMode.Executing executing) {
            long beat = Math.max(1, lease.toMillis() / 4);
            heartbeats.scheduleWithFixedDelay(() -> {
                try {
                    beat();
                } catch (RuntimeException storeFailure) {
                    // the next beat tries again
                }
            }, 0, beat, TimeUnit.MILLISECONDS);
            for (int i = 0; i < executing.threads(); i++) {
                Thread worker = new Thread(() -> loop(pollInterval), "run-worker-" + i);
                worker.setDaemon(true);
                threads.add(worker);
                worker.start();
            }
        }
    }

    /** Tells idle workers that a run is waiting, so that they need not wait for the next poll. */
    public synchronized void wake() {
        wakeUp.release(threads.size());
    }

    /**
     * Stops the background workers: a run one of them executes is given up at its next batch boundary and left to its
     * lease, which lapses, so that another node (or this one, restarted) fails it rather than leaving it processing
     * for ever.
     */
    @Override
    public synchronized void close() {
        closed = true;
        heartbeats.shutdownNow();
        threads.forEach(Thread::interrupt);
        try {
            // a lapse check in flight ends before close returns: one left running, with its node's clock, could fail
            // the runs of whatever comes next on the store
            heartbeats.awaitTermination(10, TimeUnit.SECONDS);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
        }
        threads.clear();
    }

    private void loop(Duration pollInterval) {
        while (!closed) {
            try {
                // lapsed runs are failed by this node's periodic check (see start), once for all its threads
                Optional<IngestionRun> claimed;
                while (!closed && (claimed = claim()).isPresent()) {
                    execute(claimed.get(), () -> closed);
                }
                wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException stop) {
                return;
            } catch (RuntimeException storeFailure) {
                // the store may be briefly unreachable: try again at the next poll
                sleepQuietly(pollInterval);
            }
        }
    }

    private Optional<IngestionRun> claim() {
        return runs.claimNext(nodeId, clock.instant().plus(lease));
    }

    /**
     * Executes a claimed run while a heartbeat renews its lease, so that a single long statement (a large merge)
     * never lets the lease lapse under a worker that is alive. The run is given up when a renewal is refused, when
     * {@code stopping} says so, or when the executing thread is interrupted.
     */
    private void execute(IngestionRun run, BooleanSupplier stopping) {
        AtomicBoolean lost = new AtomicBoolean(false);
        long period = Math.max(1, lease.toMillis() / 4);
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> {
            try {
                if (!runs.renewLease(run, nodeId, clock.instant().plus(lease))) {
                    lost.set(true);
                }
            } catch (RuntimeException storeHiccup) {
                // the next beat tries again; the lease is long enough to survive a few misses
            }
        }, period, period, TimeUnit.MILLISECONDS);
        try {
            engine.execute(run, () -> !lost.get() && !stopping.getAsBoolean()
                    && !Thread.currentThread().isInterrupted());
        } finally {
            heartbeat.cancel(false);
        }
    }

    private void beat() {
        runs.workerSeen(nodeId, clock.instant());
    }

    private void failLapsed() {
        Instant now = clock.instant();
        for (IngestionRun lapsed : runs.lapsed(now, 100)) {
            abandon(lapsed, new RunFailure(RunFailure.Cause.INTERRUPTED,
                    "the node executing the run stopped before it ended"));
        }
    }

    /**
     * Fails a run whose worker stopped before it ended, and drops what it had staged. Nothing happens when the run
     * has ended meanwhile (its worker was only slow, and ended it after all) or went with its audience.
     */
    private void abandon(IngestionRun lapsed, RunFailure failure) {
        if (runs.update(lapsed.on(new RunEvent.Abandoned(failure), clock.instant())) == IngestionRuns.RunWrite.WRITTEN) {
            stagedMembers.discard(lapsed.scope(), lapsed.audienceId(), lapsed.id());
        }
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
