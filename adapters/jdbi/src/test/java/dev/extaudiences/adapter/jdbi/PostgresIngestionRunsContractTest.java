package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.IngestionRunsContract;

class PostgresIngestionRunsContractTest extends IngestionRunsContract {

    @Override
    protected Stores newStores() {
        return TestDatabases.postgres().stores();
    }
}
