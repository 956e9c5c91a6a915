package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.AudiencesContract;

class PostgresAudiencesContractTest extends AudiencesContract {

    @Override
    protected Stores newStores() {
        return TestDatabases.postgres().stores();
    }
}
