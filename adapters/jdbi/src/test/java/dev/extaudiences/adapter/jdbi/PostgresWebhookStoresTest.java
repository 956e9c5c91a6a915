package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.WebhookStores;
import dev.extaudiences.testkit.contract.WebhookStoresContract;

/** The webhook store contract on the embedded PostgreSQL the other PostgreSQL contracts share. */
class PostgresWebhookStoresTest extends WebhookStoresContract {

    @Override
    protected WebhookStores newWebhookStores() {
        return TestDatabases.postgres().webhookStores();
    }
}
