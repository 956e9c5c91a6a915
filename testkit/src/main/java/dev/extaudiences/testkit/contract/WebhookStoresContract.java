package dev.extaudiences.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.WebhookStores;
import dev.extaudiences.core.port.out.WebhookDeliveries;
import dev.extaudiences.core.port.out.Webhooks;
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
import dev.extaudiences.core.webhook.Subscription;
import dev.extaudiences.core.webhook.WebhookId;
import dev.extaudiences.core.webhook.WebhookSecret;
import dev.extaudiences.core.webhook.WebhookUrl;
import dev.extaudiences.testkit.Race;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every pair of {@link Webhooks} and {@link WebhookDeliveries} stores guarantees. Rule ids are stable: HOOK-nn.
 * Stores backed by one database may be returned again and again: every rule works in a scope of its own, and reads
 * what it claims only in that scope.
 */
public abstract class WebhookStoresContract {

    private static final Instant T0 = Generators.EPOCH;
    private static final Duration LEASE = Duration.ofMinutes(1);

    /** The stores to run the rules against; called before each rule. */
    protected abstract WebhookStores newWebhookStores();

    private Webhooks webhooks;
    private WebhookDeliveries deliveries;

    @BeforeEach
    final void createStores() {
        WebhookStores stores = newWebhookStores();
        webhooks = stores.webhooks();
        deliveries = stores.deliveries();
    }

    private static Subscription subscription(TenantScope scope, Set<EventType> events, int secondsAfter) {
        return new Subscription(new WebhookId(UUID.randomUUID().toString()), scope,
                new WebhookUrl("https://hooks.example.com/" + secondsAfter), events, WebhookSecret.generate(),
                new Stamp(new UserId("owner@example.com"), T0.plusSeconds(secondsAfter)));
    }

    private static Delivery delivery(Subscription to, String orderingKey, Instant at) {
        return new Delivery(new DeliveryId(UUID.randomUUID().toString()), to.id(), to.scope(), orderingKey,
                new EventId(UUID.randomUUID().toString()), EventType.RUN_ENDED, "{\"n\":\"" + orderingKey + "\"}",
                at, DeliveryState.PENDING, 0, at);
    }

    /** What {@code worker} claims at {@code now}, of the scope's deliveries only. */
    private List<DeliveryId> claim(TenantScope scope, Instant now, String worker) {
        return deliveries.claimDue(now, worker, now.plus(LEASE), 10_000).stream()
                .filter(delivery -> delivery.scope().equals(scope)).map(Delivery::id).toList();
    }

    private static DeliveryAttempt attempt(Delivery delivery, int number, Instant at, AttemptOutcome outcome,
                                           Optional<Instant> next) {
        return new DeliveryAttempt(delivery.id(), number, at, outcome, next);
    }

    @Test
    @DisplayName("HOOK-01: a subscription reads back equal in its own scope only, listed oldest first and by the events it wants")
    void hook01_subscriptionsRoundTrip() {
        TenantScope scope = Generators.freshScope();
        Subscription runs = subscription(scope, Set.of(EventType.RUN_ENDED), 1);
        Subscription both = subscription(scope, Set.of(EventType.RUN_ENDED, EventType.OPERATION_ENDED), 2);
        webhooks.add(runs);
        webhooks.add(both);

        assertThat(webhooks.find(scope, runs.id())).contains(runs);
        assertThat(webhooks.find(Generators.freshScope(), runs.id())).isEmpty();
        assertThat(webhooks.list(scope)).containsExactly(runs, both);
        assertThat(webhooks.list(Generators.freshScope())).isEmpty();
        assertThat(webhooks.subscribedTo(scope, EventType.OPERATION_ENDED)).containsExactly(both);
        assertThat(webhooks.subscribedTo(scope, EventType.RUN_ENDED)).containsExactly(runs, both);
    }

    @Test
    @DisplayName("HOOK-02: a subscription is removed once, in its own scope only")
    void hook02_removal() {
        TenantScope scope = Generators.freshScope();
        Subscription subscription = subscription(scope, Set.of(EventType.RUN_ENDED), 1);
        webhooks.add(subscription);

        assertThat(webhooks.remove(Generators.freshScope(), subscription.id())).isFalse();
        assertThat(webhooks.find(scope, subscription.id())).isPresent();
        assertThat(webhooks.remove(scope, subscription.id())).isTrue();
        assertThat(webhooks.remove(scope, subscription.id())).isFalse();
        assertThat(webhooks.find(scope, subscription.id())).isEmpty();
    }

    @Test
    @DisplayName("HOOK-03: a due delivery is claimed by one worker while its lease holds, and claimable again once it has ended")
    void hook03_leases() {
        TenantScope scope = Generators.freshScope();
        Subscription to = subscription(scope, Set.of(EventType.RUN_ENDED), 1);
        Delivery delivery = delivery(to, "audience:a", T0);
        deliveries.add(List.of(delivery));

        assertThat(claim(scope, T0, "worker-1")).containsExactly(delivery.id());
        assertThat(claim(scope, T0.plusSeconds(30), "worker-2")).isEmpty();
        assertThat(claim(scope, T0.plus(LEASE).plusSeconds(1), "worker-2")).containsExactly(delivery.id());
    }

    @Test
    @DisplayName("HOOK-04: of one subscription's deliveries with one ordering key only the oldest pending one is claimable; other keys are not held up")
    void hook04_order() {
        TenantScope scope = Generators.freshScope();
        Subscription to = subscription(scope, Set.of(EventType.RUN_ENDED), 1);
        Delivery first = delivery(to, "audience:a", T0);
        Delivery second = delivery(to, "audience:a", T0);
        Delivery third = delivery(to, "audience:a", T0);
        Delivery other = delivery(to, "audience:b", T0);
        deliveries.add(List.of(first, second));
        deliveries.add(List.of(third, other));

        assertThat(claim(scope, T0, "w")).containsExactly(first.id(), other.id());
        Instant later = T0.plusSeconds(10);
        assertThat(deliveries.record(attempt(first, 1, T0, new AttemptOutcome.Refused(500),
                Optional.of(later)), "w")).isTrue();
        assertThat(claim(scope, T0.plusSeconds(5), "w")).isEmpty();
        assertThat(claim(scope, later, "w")).containsExactly(first.id());
        assertThat(deliveries.record(attempt(first, 2, later, new AttemptOutcome.Acknowledged(200),
                Optional.empty()), "w")).isTrue();
        assertThat(claim(scope, later, "w")).containsExactly(second.id());
        assertThat(deliveries.record(attempt(second, 1, later, new AttemptOutcome.Unreachable("timed out"),
                Optional.empty()), "w")).isTrue();
        assertThat(claim(scope, later, "w")).containsExactly(third.id());
    }

    @Test
    @DisplayName("HOOK-05: an attempt is recorded only by the worker holding the lease; the log shows every attempt, newest delivery first")
    void hook05_attemptsAndLog() {
        TenantScope scope = Generators.freshScope();
        Subscription to = subscription(scope, Set.of(EventType.RUN_ENDED), 1);
        Delivery older = delivery(to, "audience:a", T0);
        Delivery newer = delivery(to, "audience:b", T0);
        deliveries.add(List.of(older));
        deliveries.add(List.of(newer));
        claim(scope, T0, "w1");
        // w1's lease lapsed and w2 took it: w1's late outcome must not undo w2's
        claim(scope, T0.plus(LEASE).plusSeconds(1), "w2");
        DeliveryAttempt late = attempt(older, 1, T0, new AttemptOutcome.Refused(503), Optional.of(T0.plusSeconds(5)));
        DeliveryAttempt acknowledged = attempt(older, 1, T0.plus(LEASE).plusSeconds(2),
                new AttemptOutcome.Acknowledged(204), Optional.empty());

        assertThat(deliveries.record(late, "w1")).isFalse();
        assertThat(deliveries.record(acknowledged, "w2")).isTrue();
        assertThat(deliveries.record(acknowledged, "w2")).isFalse();

        List<DeliveryLog> log = deliveries.log(scope, to.id(), 10);
        assertThat(log).extracting(entry -> entry.delivery().id()).containsExactly(newer.id(), older.id());
        assertThat(log.get(1).delivery().state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(log.get(1).delivery().attempts()).isEqualTo(1);
        assertThat(log.get(1).delivery().body()).isEqualTo(older.body());
        assertThat(log.get(1).attempts()).containsExactly(acknowledged);
        assertThat(log.get(0).attempts()).isEmpty();
        assertThat(deliveries.log(scope, to.id(), 1)).hasSize(1);
        assertThat(deliveries.log(Generators.freshScope(), to.id(), 10)).isEmpty();
    }

    @Test
    @DisplayName("HOOK-06: removing a subscription's deliveries removes its own only, in its own scope only")
    void hook06_removeAll() {
        TenantScope scope = Generators.freshScope();
        Subscription gone = subscription(scope, Set.of(EventType.RUN_ENDED), 1);
        Subscription kept = subscription(scope, Set.of(EventType.RUN_ENDED), 2);
        deliveries.add(List.of(delivery(gone, "audience:a", T0), delivery(kept, "audience:a", T0)));

        deliveries.removeAll(Generators.freshScope(), gone.id());
        assertThat(deliveries.log(scope, gone.id(), 10)).hasSize(1);
        deliveries.removeAll(scope, gone.id());

        assertThat(deliveries.log(scope, gone.id(), 10)).isEmpty();
        assertThat(deliveries.log(scope, kept.id(), 10)).hasSize(1);
        assertThat(claim(scope, T0, "w")).hasSize(1);
    }

    @Test
    @DisplayName("HOOK-08: a claim passes over the deliveries of the subscriptions it is told are busy, and only those")
    void hook08_busySubscriptions() {
        TenantScope scope = Generators.freshScope();
        Subscription busy = subscription(scope, Set.of(EventType.RUN_ENDED), 1);
        Subscription idle = subscription(scope, Set.of(EventType.RUN_ENDED), 2);
        Delivery waiting = delivery(busy, "audience:a", T0);
        Delivery going = delivery(idle, "audience:a", T0);
        deliveries.add(List.of(waiting, going));

        List<DeliveryId> claimed = deliveries.claimDue(T0, "w", T0.plus(LEASE), 10_000, Set.of(busy.id())).stream()
                .filter(delivery -> delivery.scope().equals(scope)).map(Delivery::id).toList();

        assertThat(claimed).containsExactly(going.id());
        assertThat(claim(scope, T0, "w")).containsExactly(waiting.id());
    }

    @Test
    @DisplayName("HOOK-07: workers claiming at the same instant never get one delivery twice")
    void hook07_concurrentClaims() throws InterruptedException {
        TenantScope scope = Generators.freshScope();
        Subscription to = subscription(scope, Set.of(EventType.RUN_ENDED), 1);
        List<Delivery> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(delivery(to, "audience:" + i, T0));
        }
        deliveries.add(many);

        List<List<DeliveryId>> claimed = Race.run(4, worker -> () -> claim(scope, T0, "worker-" + worker));

        List<DeliveryId> all = claimed.stream().flatMap(List::stream).toList();
        assertThat(all).doesNotHaveDuplicates();
        assertThat(all).hasSize(many.size());
    }
}
