package dev.extaudiences.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.WebhookStores;
import dev.extaudiences.core.service.WebhookDispatcher;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.core.webhook.AttemptOutcome;
import dev.extaudiences.core.webhook.Delivery;
import dev.extaudiences.core.webhook.DeliveryAttempt;
import dev.extaudiences.core.webhook.DeliveryId;
import dev.extaudiences.core.webhook.DeliveryLog;
import dev.extaudiences.core.webhook.DeliveryState;
import dev.extaudiences.core.webhook.EventId;
import dev.extaudiences.core.webhook.EventType;
import dev.extaudiences.core.webhook.RetrySchedule;
import dev.extaudiences.core.webhook.Subscription;
import dev.extaudiences.core.webhook.WebhookId;
import dev.extaudiences.core.webhook.WebhookSecret;
import dev.extaudiences.core.webhook.WebhookUrl;
import dev.extaudiences.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher over the in-memory outbox, with a sender scripted here and the clock moved by the test. */
class WebhookDispatcherTest {

    private static final TenantScope SCOPE = TenantScope.of("o@AdobeOrg", "prod");
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final WebhookStores stores = InMemoryStores.webhooks();
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private Function<Delivery, AttemptOutcome> answer = delivery -> new AttemptOutcome.Acknowledged(200);
    private final WebhookDispatcher dispatcher = new WebhookDispatcher(stores.webhooks(), stores.deliveries(),
            (to, delivery, at) -> {
                sent.add(delivery.body());
                return answer.apply(delivery);
            }, RetrySchedule.DEFAULT, clock, Duration.ofMinutes(1), 2);

    @AfterEach
    void close() {
        dispatcher.close();
    }

    private Subscription subscribed() {
        Subscription subscription = new Subscription(new WebhookId("hook-" + sent.size() + System.nanoTime()), SCOPE,
                new WebhookUrl("https://hooks.example.com/x"), Set.of(EventType.RUN_ENDED), WebhookSecret.generate(),
                new Stamp(new UserId("u"), T0));
        stores.webhooks().add(subscription);
        return subscription;
    }

    private Delivery queued(Subscription to, String body) {
        Delivery delivery = new Delivery(new DeliveryId(body + System.nanoTime()), to.id(), SCOPE, "audience:a",
                new EventId("evt-" + body), EventType.RUN_ENDED, body, clock.instant(), DeliveryState.PENDING, 0,
                clock.instant());
        stores.deliveries().add(List.of(delivery));
        return delivery;
    }

    private DeliveryLog log(Subscription to, Delivery delivery) {
        return stores.deliveries().log(SCOPE, to.id(), 100).stream()
                .filter(entry -> entry.delivery().id().equals(delivery.id())).findFirst().orElseThrow();
    }

    @Test
    void aDeliveryThatNeverSucceedsIsGivenUpAfterADayAndOnlyThenTheNextOfItsAudienceGoes() {
        Subscription to = subscribed();
        Delivery first = queued(to, "first");
        Delivery second = queued(to, "second");
        answer = delivery -> new AttemptOutcome.Refused(503);

        dispatcher.deliverDue();
        while (log(to, first).delivery().state() == DeliveryState.PENDING) {
            assertThat(sent).as("nothing of the audience after the first before it is given up")
                    .containsOnly("first");
            clock.set(log(to, first).delivery().nextAttemptAt());
            dispatcher.deliverDue();
        }

        List<DeliveryAttempt> attempts = log(to, first).attempts();
        assertThat(log(to, first).delivery().state()).isEqualTo(DeliveryState.GAVE_UP);
        assertThat(attempts.get(attempts.size() - 1).at()).isBefore(T0.plus(Duration.ofHours(24)).plusSeconds(1));
        assertThat(attempts.get(attempts.size() - 1).at()).isAfter(T0.plus(Duration.ofHours(22)));
        assertThat(attempts).extracting(DeliveryAttempt::number).doesNotHaveDuplicates();
        // the same pass that gave the first up went on to the next of its audience
        assertThat(sent.get(sent.size() - 1)).isEqualTo("second");
        assertThat(log(to, second).attempts()).hasSize(1);
    }

    @Test
    void aReceiverThatHangsHoldsAtMostHalfTheSendersAndTheOthersAreStillServed() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch healthyServed = new java.util.concurrent.CountDownLatch(1);
        Subscription hanging = subscribed();
        Subscription healthy = subscribed();
        for (int i = 0; i < 4; i++) {
            Delivery delivery = new Delivery(new DeliveryId("hang-" + i), hanging.id(), SCOPE, "audience:" + i,
                    new EventId("evt-hang-" + i), EventType.RUN_ENDED, "hang", clock.instant(),
                    DeliveryState.PENDING, 0, clock.instant());
            stores.deliveries().add(List.of(delivery));
        }
        queued(healthy, "healthy");
        answer = delivery -> {
            if (delivery.body().equals("hang")) {
                try {
                    release.await();
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
                return new AttemptOutcome.Unreachable("no answer");
            }
            healthyServed.countDown();
            return new AttemptOutcome.Acknowledged(200);
        };

        dispatcher.start(Duration.ofMillis(10));
        try {
            // two senders, and the hanging receiver's four deliveries were added first: without a share per
            // receiver both senders would hang on it, and the healthy delivery would wait for them
            assertThat(healthyServed.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // the healthy delivery may be served before either sender took a hanging one: wait for the one sender
            // that may hang, then give the other many rounds in which it must not take a second
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (!sent.contains("hang") && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            Thread.sleep(200);
            assertThat(sent.stream().filter("hang"::equals)).hasSize(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aSenderThatFailsInsideIsRetriedLikeAnUnreachableReceiver() {
        Subscription to = subscribed();
        Delivery delivery = queued(to, "boom");
        answer = ignored -> {
            throw new IllegalStateException("a bug in the sender");
        };

        dispatcher.deliverDue();

        DeliveryLog entry = log(to, delivery);
        assertThat(entry.delivery().state()).isEqualTo(DeliveryState.PENDING);
        assertThat(entry.attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isInstanceOf(AttemptOutcome.Unreachable.class);
            assertThat(attempt.nextAttemptAt()).contains(clock.instant().plusSeconds(10));
        });
    }

    @Test
    void aDeliveryWhoseSubscriptionWentIsNotSent() {
        Subscription to = subscribed();
        Delivery delivery = queued(to, "orphan");
        stores.webhooks().remove(SCOPE, to.id());

        dispatcher.deliverDue();

        assertThat(sent).isEmpty();
        assertThat(log(to, delivery).delivery().state()).isEqualTo(DeliveryState.GAVE_UP);
    }
}
