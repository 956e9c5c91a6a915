package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.IngestionRunsContract;

class H2IngestionRunsContractTest extends IngestionRunsContract {

    @Override
    protected Stores newStores() {
        return TestDatabases.h2().stores();
    }
}
