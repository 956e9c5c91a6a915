package dev.extaudiences.core.service;

import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.WorkerPresence;
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

/**
 * Executes runs: claims them through the store with a lease (so nodes sharing a database never run one run twice),
 * renews the lease while a run makes progress, and fails runs whose lease lapsed because their node stopped. Work
 * can be drained on the calling thread, or by a bounded set of background threads.
 */
public final class RunWorkers implements AutoCloseable {

    private final IngestionRuns runs;
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
    private volatile boolean running;

    public RunWorkers(IngestionRuns runs, IngestionEngine engine, Clock clock, Duration lease) {
        this.runs = Objects.requireNonNull(runs);
        this.engine = Objects.requireNonNull(engine);
        this.clock = Objects.requireNonNull(clock);
        this.lease = Objects.requireNonNull(lease);
    }

    /**
     * Records this node as a worker, fails lapsed runs, then claims and executes runs on the calling thread until none
     * is left; answers how many.
     */
    public int drain() {
        beat();
        failLapsed();
        return executeAll();
    }

    private int executeAll() {
        int executed = 0;
        Optional<IngestionRun> claimed;
        while ((claimed = claim()).isPresent()) {
            execute(claimed.get());
            executed++;
        }
        return executed;
    }

    /**
     * Starts {@code count} background workers that look for work every {@code pollInterval}, and when woken, and
     * record this node as a worker at a quarter of the lease. Whatever the count, zero included, this node also fails
     * runs whose lease lapsed every {@code pollInterval}: a run whose node died is failed by any node that is alive,
     * not only by one that executes runs.
     */
    public synchronized void start(int count, Duration pollInterval) {
        if (running) {
            return;
        }
        running = true;
        long poll = Math.max(1, pollInterval.toMillis());
        heartbeats.scheduleWithFixedDelay(() -> {
            try {
                failLapsed();
            } catch (RuntimeException storeFailure) {
                // the next pass tries again
            }
        }, poll, poll, TimeUnit.MILLISECONDS);
        if (count > 0) {
            long beat = Math.max(1, lease.toMillis() / 4);
            heartbeats.scheduleWithFixedDelay(() -> {
                try {
                    beat();
                } catch (RuntimeException storeFailure) {
                    // the next beat tries again
                }
            }, 0, beat, TimeUnit.MILLISECONDS);
        }
        for (int i = 0; i < count; i++) {
            Thread worker = new Thread(() -> loop(pollInterval), "run-worker-" + i);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
    }

    /** Tells idle workers that a run is waiting, so that they need not wait for the next poll. */
    public void wake() {
        wakeUp.release(threads.size());
    }

    /**
     * Stops the workers: a run being executed is abandoned at its next batch boundary and left to its lease, which
     * lapses, so that another node (or this one, restarted) fails it rather than leaving it processing for ever.
     */
    @Override
    public synchronized void close() {
        running = false;
        heartbeats.shutdownNow();
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    private void loop(Duration pollInterval) {
        while (running) {
            try {
                // lapsed runs are failed by this node's periodic check (see start), once for all its threads
                executeAll();
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
        if (!running && !threads.isEmpty()) {
            return Optional.empty();
        }
        return runs.claimNext(nodeId, clock.instant().plus(lease));
    }

    /**
     * Executes a claimed run while a heartbeat renews its lease, so that a single long statement (a large merge)
     * never lets the lease lapse under a worker that is alive. The run is given up when a renewal is refused.
     */
    private void execute(IngestionRun run) {
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
            engine.execute(run, () -> !lost.get() && (running || threads.isEmpty())
                    && !Thread.currentThread().isInterrupted());
        } finally {
            heartbeat.cancel(false);
        }
    }

    /** Whether any node executes runs: the latest worker heartbeat of every node, against the lease. */
    public WorkerPresence presence() {
        return WorkerPresence.of(runs.lastWorkerSeen(), clock.instant(), lease);
    }

    private void beat() {
        runs.workerSeen(nodeId, clock.instant());
    }

    private void failLapsed() {
        Instant now = clock.instant();
        for (IngestionRun lapsed : runs.lapsed(now, 100)) {
            engine.abandon(lapsed, new RunFailure(RunFailure.Cause.INTERRUPTED,
                    "the node executing the run stopped before it ended"));
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
