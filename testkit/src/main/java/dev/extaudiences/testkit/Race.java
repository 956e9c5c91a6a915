package dev.extaudiences.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Contenders released at the same instant, each on a thread of its own, so that what a store or a server must decide
 * atomically is really contended: every thread is up and waiting before any of them starts.
 */
public final class Race {

    private static final long PATIENCE_SECONDS = 60;

    private Race() {
    }

    /**
     * Runs {@code contenders} contenders and answers what each one answered, in their order. {@code contender} is
     * asked for each one's task beforehand, on the caller's thread, so that preparing it is no part of the race. A
     * contender that fails fails the race with its own error.
     */
    public static <T> List<T> run(int contenders, IntFunction<Callable<T>> contender) throws InterruptedException {
        List<Callable<T>> tasks = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            tasks.add(contender.apply(i));
        }
        CyclicBarrier start = new CyclicBarrier(contenders);
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        try {
            List<Future<T>> running = new ArrayList<>();
            for (Callable<T> task : tasks) {
                running.add(threads.submit(() -> {
                    start.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
                    return task.call();
                }));
            }
            List<T> outcomes = new ArrayList<>();
            for (int i = 0; i < running.size(); i++) {
                outcomes.add(outcome(running.get(i), i));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private static <T> T outcome(Future<T> running, int contender) throws InterruptedException {
        try {
            return running.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException stuck) {
            throw new AssertionError("contender " + contender + " did not finish within " + PATIENCE_SECONDS + " s");
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new AssertionError("contender " + contender + " failed", cause);
        }
    }
}
