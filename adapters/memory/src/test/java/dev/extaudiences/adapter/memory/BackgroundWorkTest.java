package dev.extaudiences.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.Stores;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.IngestionRuns;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Closing the domain stops its background work: once {@code close} has returned, no thread of it reads or writes a
 * store. A lapse check or a sweep left running would act, with its node's clock, on whatever uses the store next (a
 * node started again, the next test), or meet the store closed under it.
 */
class BackgroundWorkTest {

    /** How long a store call takes here: long enough for a close that does not wait to return in the middle. */
    private static final Duration STATEMENT = Duration.ofMillis(300);

    private final List<String> afterClose = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch called = new CountDownLatch(1);
    private volatile boolean closed;

    @Test
    void aLapseCheckInFlightEndsBeforeCloseReturns() throws Exception {
        Stores memory = InMemoryStores.create();
        IngestionRuns runs = slow(IngestionRuns.class, memory.runs(), "lapsed");
        ExternalAudiences domain = ExternalAudiences.builder(
                new Stores(memory.audiences(), memory.operations(), runs, memory.stagedMembers(), memory.members(), memory.idempotencyKeys())).build();
        domain.startBackgroundWork(0, Duration.ofMillis(10), Duration.ofHours(1));

        closeWhileCalled(domain);

        assertThat(afterClose).as("store calls ending or made after close returned").isEmpty();
    }

    @Test
    void aSweepInFlightEndsBeforeCloseReturns() throws Exception {
        Stores memory = InMemoryStores.create();
        Audiences audiences = slow(Audiences.class, memory.audiences(), "listAll");
        ExternalAudiences domain = ExternalAudiences.builder(
                new Stores(audiences, memory.operations(), memory.runs(), memory.stagedMembers(), memory.members(), memory.idempotencyKeys())).build();
        domain.startBackgroundWork(0, Duration.ofHours(1), Duration.ofMillis(10));

        closeWhileCalled(domain);

        assertThat(afterClose).as("store calls ending or made after close returned").isEmpty();
    }

    private void closeWhileCalled(ExternalAudiences domain) throws InterruptedException {
        assertThat(called.await(10, TimeUnit.SECONDS)).as("the background work called the store").isTrue();
        domain.close();
        closed = true;
        Thread.sleep(STATEMENT.multipliedBy(2).toMillis());
    }

    /**
     * The store, but {@code method} takes {@link #STATEMENT} whatever interrupts its thread, as a database statement
     * does; a call that ends, or any call made, once close has returned is recorded.
     */
    private <T> T slow(Class<T> port, T store, String method) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, invoked, args) -> {
            if (closed) {
                afterClose.add(invoked.getName() + " called");
            }
            if (invoked.getName().equals(method)) {
                called.countDown();
                sleepUninterruptibly(STATEMENT);
            }
            try {
                return invoked.invoke(store, args);
            } catch (InvocationTargetException thrown) {
                throw thrown.getCause();
            } finally {
                if (closed) {
                    afterClose.add(invoked.getName() + " ended");
                }
            }
        }));
    }

    private static void sleepUninterruptibly(Duration pause) {
        long deadline = System.nanoTime() + pause.toNanos();
        boolean interrupted = false;
        while (System.nanoTime() < deadline) {
            try {
                TimeUnit.NANOSECONDS.sleep(deadline - System.nanoTime());
            } catch (InterruptedException interruption) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
