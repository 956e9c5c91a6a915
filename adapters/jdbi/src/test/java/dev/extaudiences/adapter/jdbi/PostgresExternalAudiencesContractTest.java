package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.ExternalAudiencesContract;

class PostgresExternalAudiencesContractTest extends ExternalAudiencesContract {

    @Override
    protected Stores newStores() {
        return TestDatabases.postgres().stores();
    }
}
