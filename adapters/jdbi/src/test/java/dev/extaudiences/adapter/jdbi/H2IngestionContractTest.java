package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.IngestionContract;

class H2IngestionContractTest extends IngestionContract {

    @Override
    protected Stores newStores() {
        return TestDatabases.h2().stores();
    }
}
