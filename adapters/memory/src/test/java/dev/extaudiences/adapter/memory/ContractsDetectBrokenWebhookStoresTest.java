package dev.extaudiences.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.WebhookStores;
import dev.extaudiences.core.port.out.WebhookDeliveries;
import dev.extaudiences.core.port.out.Webhooks;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.webhook.Delivery;
import dev.extaudiences.core.webhook.DeliveryAttempt;
import dev.extaudiences.core.webhook.DeliveryId;
import dev.extaudiences.core.webhook.DeliveryLog;
import dev.extaudiences.core.webhook.EventType;
import dev.extaudiences.core.webhook.Subscription;
import dev.extaudiences.core.webhook.WebhookId;
import dev.extaudiences.testkit.contract.WebhookStoresContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each webhook store rule shown failing against a store broken in exactly the way it guards against. */
class ContractsDetectBrokenWebhookStoresTest {

    private static List<String> failedRules(Class<?> contractAgainstBrokenStore) {
        return FailedRules.of(contractAgainstBrokenStore);
    }

    @Test
    @DisplayName("HOOK-01 catches a store that finds subscriptions by id in any scope")
    void scopeBlindSubscriptions() {
        assertThat(failedRules(ScopeBlindWebhooks.class)).contains("HOOK-01");
    }

    @Test
    @DisplayName("HOOK-03 and HOOK-07 catch an outbox that hands a leased delivery to another worker")
    void leaseIgnoringOutbox() {
        assertThat(failedRules(LeaseIgnoringDeliveries.class)).contains("HOOK-03", "HOOK-07");
    }

    @Test
    @DisplayName("HOOK-04 catches an outbox that lets a later delivery of a queue go before an earlier one")
    void orderBlindOutbox() {
        assertThat(failedRules(OrderBlindDeliveries.class)).contains("HOOK-04");
    }

    @Test
    @DisplayName("HOOK-05 catches an outbox that records the attempt of a worker whose lease was taken over")
    void ownerBlindOutbox() {
        assertThat(failedRules(OwnerBlindDeliveries.class)).contains("HOOK-05");
    }

    @Test
    @DisplayName("HOOK-08 catches an outbox that claims deliveries of the subscriptions it is told are busy")
    void busyBlindOutbox() {
        assertThat(failedRules(BusyBlindDeliveries.class)).contains("HOOK-08");
    }

    // ---- The contract bound to broken stores. Static nested, so that Surefire never runs them on their own. ----

    static class ScopeBlindWebhooks extends WebhookStoresContract {
        @Override
        protected WebhookStores newWebhookStores() {
            InMemoryWebhooks real = new InMemoryWebhooks();
            Map<WebhookId, Subscription> all = new ConcurrentHashMap<>();
            Webhooks broken = new Webhooks() {
                @Override
                public void add(Subscription subscription) {
                    real.add(subscription);
                    all.put(subscription.id(), subscription);
                }

                @Override
                public Optional<Subscription> find(TenantScope scope, WebhookId id) {
                    return Optional.ofNullable(all.get(id));
                }

                @Override
                public List<Subscription> list(TenantScope scope) {
                    return real.list(scope);
                }

                @Override
                public List<Subscription> subscribedTo(TenantScope scope, EventType type) {
                    return real.subscribedTo(scope, type);
                }

                @Override
                public boolean remove(TenantScope scope, WebhookId id) {
                    return real.remove(scope, id);
                }
            };
            return new WebhookStores(broken, new InMemoryWebhookDeliveries());
        }
    }

    /** Forwards every call; a broken variant overrides the one it breaks. */
    private static class ForwardingDeliveries implements WebhookDeliveries {
        final WebhookDeliveries real = new InMemoryWebhookDeliveries();

        @Override
        public void add(List<Delivery> deliveries) {
            real.add(deliveries);
        }

        @Override
        public List<Delivery> claimDue(Instant now, String worker, Instant leaseUntil, int limit) {
            return real.claimDue(now, worker, leaseUntil, limit);
        }

        @Override
        public List<Delivery> claimDue(Instant now, String worker, Instant leaseUntil, int limit,
                                       Set<WebhookId> busy) {
            return real.claimDue(now, worker, leaseUntil, limit, busy);
        }

        @Override
        public boolean record(DeliveryAttempt attempt, String worker) {
            return real.record(attempt, worker);
        }

        @Override
        public List<DeliveryLog> log(TenantScope scope, WebhookId subscription, int limit) {
            return real.log(scope, subscription, limit);
        }

        @Override
        public void removeAll(TenantScope scope, WebhookId subscription) {
            real.removeAll(scope, subscription);
        }
    }

    static class LeaseIgnoringDeliveries extends WebhookStoresContract {
        @Override
        protected WebhookStores newWebhookStores() {
            List<Delivery> claimedBefore = new ArrayList<>();
            return new WebhookStores(new InMemoryWebhooks(), new ForwardingDeliveries() {
                @Override
                public synchronized List<Delivery> claimDue(Instant now, String worker, Instant leaseUntil,
                                                            int limit) {
                    List<Delivery> claimed = new ArrayList<>(real.claimDue(now, worker, leaseUntil, limit));
                    claimed.addAll(claimedBefore.stream().filter(d -> !claimed.contains(d)).toList());
                    claimedBefore.addAll(claimed);
                    return claimed;
                }
            });
        }
    }

    static class OrderBlindDeliveries extends WebhookStoresContract {
        @Override
        protected WebhookStores newWebhookStores() {
            return new WebhookStores(new InMemoryWebhooks(), new ForwardingDeliveries() {
                @Override
                public void add(List<Delivery> deliveries) {
                    // every delivery its own queue: nothing waits for the one before it
                    real.add(deliveries.stream().map(d -> new Delivery(d.id(), d.subscription(), d.scope(),
                            d.orderingKey() + "#" + d.id(), d.eventId(), d.eventType(), d.body(), d.createdAt(),
                            d.state(), d.attempts(), d.nextAttemptAt())).toList());
                }
            });
        }
    }

    static class BusyBlindDeliveries extends WebhookStoresContract {
        @Override
        protected WebhookStores newWebhookStores() {
            return new WebhookStores(new InMemoryWebhooks(), new ForwardingDeliveries() {
                @Override
                public List<Delivery> claimDue(Instant now, String worker, Instant leaseUntil, int limit,
                                               Set<WebhookId> busy) {
                    return real.claimDue(now, worker, leaseUntil, limit, Set.of());
                }
            });
        }
    }

    static class OwnerBlindDeliveries extends WebhookStoresContract {
        @Override
        protected WebhookStores newWebhookStores() {
            Map<DeliveryId, String> lastClaimer = new ConcurrentHashMap<>();
            return new WebhookStores(new InMemoryWebhooks(), new ForwardingDeliveries() {
                @Override
                public List<Delivery> claimDue(Instant now, String worker, Instant leaseUntil, int limit) {
                    List<Delivery> claimed = real.claimDue(now, worker, leaseUntil, limit);
                    claimed.forEach(d -> lastClaimer.put(d.id(), worker));
                    return claimed;
                }

                @Override
                public boolean record(DeliveryAttempt attempt, String worker) {
                    return real.record(attempt, lastClaimer.getOrDefault(attempt.delivery(), worker));
                }
            });
        }
    }
}
