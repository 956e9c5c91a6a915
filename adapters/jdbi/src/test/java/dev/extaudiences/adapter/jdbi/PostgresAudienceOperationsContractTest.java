package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.AudienceOperationsContract;

class PostgresAudienceOperationsContractTest extends AudienceOperationsContract {

    @Override
    protected Stores newStores() {
        return TestDatabases.postgres().stores();
    }
}
