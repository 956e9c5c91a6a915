package dev.extaudiences.core.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes a run's batches on a thread of its own while the next batch is read, so that parsing and writing overlap
 * (each is about half of a run's read stage). One batch is in flight at most, and batches are written in the order
 * they were read: "the last row wins" stays true, and memory stays bounded.
 */
final class StagingPipeline implements AutoCloseable {

    private final ExecutorService writer;
    private Future<?> inFlight = CompletableFuture.completedFuture(null);

    StagingPipeline(String runId) {
        writer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "staging-" + runId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Waits for the batch before (rethrowing its failure), then hands this one over. */
    void write(Runnable batch) {
        awaitWritten();
        inFlight = writer.submit(batch);
    }

    /** Waits until every batch handed over is written; a batch's failure is thrown here, as the store threw it. */
    void awaitWritten() {
        try {
            inFlight.get();
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a batch was being written", interrupted);
        }
    }

    /** Lets a batch in flight finish (a discard after it must find everything it wrote), then stops the thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
