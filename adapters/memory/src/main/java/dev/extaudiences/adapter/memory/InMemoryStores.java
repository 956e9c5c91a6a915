package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.Stores;
import dev.extaudiences.core.WebhookStores;

/** A fresh, empty set of in-memory stores: the default for embedding, and the reference every contract runs first. */
public final class InMemoryStores {

    private InMemoryStores() {
    }

    public static Stores create() {
        InMemoryIngestionRuns runs = new InMemoryIngestionRuns();
        InMemoryMembers members = new InMemoryMembers();
        return new Stores(new InMemoryAudiences(), new InMemoryAudienceOperations(), runs,
                new InMemoryStagedMembers(runs, members), members, new InMemoryIdempotencyKeys());
    }

    /** Fresh, empty webhook subscriptions and outbox. */
    public static WebhookStores webhooks() {
        return new WebhookStores(new InMemoryWebhooks(), new InMemoryWebhookDeliveries());
    }
}
