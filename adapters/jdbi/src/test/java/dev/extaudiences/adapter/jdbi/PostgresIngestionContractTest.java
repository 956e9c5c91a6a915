package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.IngestionContract;

class PostgresIngestionContractTest extends IngestionContract {

    @Override
    protected Stores newStores() {
        return TestDatabases.postgres().stores();
    }
}
