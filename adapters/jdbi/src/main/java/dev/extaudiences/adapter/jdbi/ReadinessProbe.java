package dev.extaudiences.adapter.jdbi;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A readiness check that answers within its timeout whatever the check does. At most one check is in flight: while
 * one is stuck (a frozen database), every caller is told "not ready" at once instead of starting another that would
 * get stuck beside it.
 */
final class ReadinessProbe implements AutoCloseable {

    private final BooleanSupplier check;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "extaudiences-readiness");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Boolean> inFlight;

    ReadinessProbe(BooleanSupplier check, Duration timeout) {
        this.check = check;
        this.timeout = timeout;
    }

    synchronized boolean ready() {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = executor.submit(check::getAsBoolean);
        }
        try {
            return inFlight.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stuck) {
            return false;
        } catch (ExecutionException failed) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
