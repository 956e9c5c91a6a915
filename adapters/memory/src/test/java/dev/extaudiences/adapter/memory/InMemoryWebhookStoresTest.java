package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.WebhookStores;
import dev.extaudiences.testkit.contract.WebhookStoresContract;

class InMemoryWebhookStoresTest extends WebhookStoresContract {

    @Override
    protected WebhookStores newWebhookStores() {
        return InMemoryStores.webhooks();
    }
}
