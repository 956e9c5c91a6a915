package dev.extaudiences.core.service;

import dev.extaudiences.core.port.out.WebhookDeliveries;
import dev.extaudiences.core.port.out.WebhookSender;
import dev.extaudiences.core.port.out.Webhooks;
import dev.extaudiences.core.webhook.AttemptOutcome;
import dev.extaudiences.core.webhook.Delivery;
import dev.extaudiences.core.webhook.DeliveryAttempt;
import dev.extaudiences.core.webhook.RetrySchedule;
import dev.extaudiences.core.webhook.Subscription;
import dev.extaudiences.core.webhook.WebhookId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends what the outbox holds: claims due deliveries with a lease (so that nodes sharing a database never send one
 * twice while its lease holds), sends each on one of a few threads of its own, and records every attempt with when
 * the next is due, as the {@link RetrySchedule} says. Its threads are the only ones that wait on a receiver: a
 * receiver that hangs or fails holds one sender thread for the sender's timeout, and never a run or a request.
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

    private final Webhooks webhooks;
    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final Duration lease;
    private final String worker = "webhooks-" + UUID.randomUUID();
    private final Semaphore idleSenders;
    /** Half the senders at most for one receiver: one that hangs leaves the others theirs. */
    private final int perReceiver;
    private final Map<WebhookId, Integer> inFlight = new HashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "webhook-dispatch"));
    private final ExecutorService sending;
    private final AtomicBoolean dispatchQueued = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param lease   how long a claim on a delivery lasts: longer than the sender's timeouts, so that a claim lapses
     *                only when its node stopped (then the delivery is claimed again: at least once)
     * @param senders how many deliveries are sent at a time, each on its own thread
     */
    public WebhookDispatcher(Webhooks webhooks, WebhookDeliveries deliveries, WebhookSender sender,
                             RetrySchedule schedule, Clock clock, Duration lease, int senders) {
        this.webhooks = Objects.requireNonNull(webhooks);
        this.deliveries = Objects.requireNonNull(deliveries);
        this.sender = Objects.requireNonNull(sender);
        this.schedule = Objects.requireNonNull(schedule);
        this.clock = Objects.requireNonNull(clock);
        this.lease = Objects.requireNonNull(lease);
        if (senders < 1) {
            throw new IllegalArgumentException("at least one sender thread");
        }
        this.idleSenders = new Semaphore(senders);
        this.perReceiver = Math.max(1, senders / 2);
        AtomicInteger numbers = new AtomicInteger();
        this.sending = Executors.newFixedThreadPool(senders,
                runnable -> daemon(runnable, "webhook-send-" + numbers.getAndIncrement()));
    }

    /** Looks for due deliveries every {@code pollInterval}, and at once when {@linkplain #wake woken}. Once. */
    public synchronized void start(Duration pollInterval) {
        if (started || closed) {
            return;
        }
        started = true;
        long poll = Math.max(1, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(this::dispatchQuietly, 0, poll, TimeUnit.MILLISECONDS);
    }

    /** Tells the dispatcher that deliveries may be due, so that they need not wait for the next poll. */
    public void wake() {
        if (started && !closed && dispatchQueued.compareAndSet(false, true)) {
            try {
                poller.execute(this::dispatchQuietly);
            } catch (RejectedExecutionException closing) {
                dispatchQueued.set(false);
            }
        }
    }

    /**
     * Sends every delivery due now on the calling thread, the next of a queue once the one before it is delivered or
     * given up; answers how many attempts it made. For tests and embedding services that schedule work themselves.
     */
    public int deliverDue() {
        int attempts = 0;
        List<Delivery> claimed;
        while (!(claimed = claim(100)).isEmpty()) {
            for (Delivery delivery : claimed) {
                if (!attempt(delivery)) {
                    return attempts;
                }
                attempts++;
            }
        }
        return attempts;
    }

    private List<Delivery> claim(int limit) {
        Instant now = clock.instant();
        return deliveries.claimDue(now, worker, now.plus(lease), limit);
    }

    private void dispatchQuietly() {
        dispatchQueued.set(false);
        if (closed) {
            return;
        }
        int free = idleSenders.drainPermits();
        if (free == 0) {
            return; // a sender that finishes wakes the dispatcher again
        }
        // one at a time, so that each claim knows which receivers already have their share of the senders
        int sent = 0;
        try {
            while (sent < free) {
                Instant now = clock.instant();
                List<Delivery> claimed = deliveries.claimDue(now, worker, now.plus(lease), 1, busy());
                if (claimed.isEmpty()) {
                    break;
                }
                send(claimed.get(0));
                sent++;
            }
        } catch (RuntimeException storeFailure) {
            // the next poll tries again
        } finally {
            idleSenders.release(free - sent);
        }
    }

    /** The subscriptions with as many attempts in flight here as one receiver may hold. */
    private Set<WebhookId> busy() {
        synchronized (inFlight) {
            Set<WebhookId> busy = new HashSet<>();
            inFlight.forEach((subscription, count) -> {
                if (count >= perReceiver) {
                    busy.add(subscription);
                }
            });
            return busy;
        }
    }

    private void send(Delivery delivery) {
        synchronized (inFlight) {
            inFlight.merge(delivery.subscription(), 1, Integer::sum);
        }
        try {
            sending.execute(() -> {
                try {
                    attempt(delivery);
                } finally {
                    sent(delivery);
                    wake(); // the next delivery of its queue may be due now
                }
            });
        } catch (RejectedExecutionException closing) {
            sent(delivery); // left to its lease, and claimed again after a restart
        }
    }

    private void sent(Delivery delivery) {
        synchronized (inFlight) {
            inFlight.computeIfPresent(delivery.subscription(), (subscription, count) -> count > 1 ? count - 1 : null);
        }
        idleSenders.release();
    }

    /** One attempt at a claimed delivery, recorded; false when it was interrupted and left to its lease. */
    private boolean attempt(Delivery delivery) {
        Instant at = clock.instant();
        AttemptOutcome outcome;
        boolean retryable = true;
        try {
            Optional<Subscription> to = webhooks.find(delivery.scope(), delivery.subscription());
            if (to.isEmpty()) {
                // unsubscribed after the claim: nobody is left to deliver to
                outcome = new AttemptOutcome.Unreachable("the subscription was removed");
                retryable = false;
            } else {
                outcome = sender.send(to.get(), delivery, at);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.WARNING, "delivery " + delivery.id() + " failed inside the sender", failure);
            outcome = new AttemptOutcome.Unreachable("the delivery failed inside the sender: "
                    + failure.getClass().getSimpleName());
        }
        Optional<Instant> next = outcome.acknowledged() || !retryable ? Optional.empty()
                : schedule.next(delivery.createdAt(), delivery.attempts() + 1, clock.instant());
        try {
            deliveries.record(new DeliveryAttempt(delivery.id(), delivery.attempts() + 1, at, outcome, next), worker);
        } catch (RuntimeException storeFailure) {
            // unrecorded, the delivery is claimed again once its lease ends: sent again, at least once
            LOG.log(System.Logger.Level.WARNING, "the attempt at delivery {0} could not be recorded: {1}",
                    delivery.id(), storeFailure.toString());
        }
        return true;
    }

    /** Stops polling and interrupts the sends in flight: what they were sending is left to its lease. */
    @Override
    public synchronized void close() {
        closed = true;
        poller.shutdownNow();
        sending.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
            sending.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
