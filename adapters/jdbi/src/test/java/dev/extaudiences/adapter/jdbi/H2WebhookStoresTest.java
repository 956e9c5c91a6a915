package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.WebhookStores;
import dev.extaudiences.testkit.contract.WebhookStoresContract;

/** The webhook store contract on the in-memory H2 database the other H2 contracts share. */
class H2WebhookStoresTest extends WebhookStoresContract {

    @Override
    protected WebhookStores newWebhookStores() {
        return TestDatabases.h2().webhookStores();
    }
}
