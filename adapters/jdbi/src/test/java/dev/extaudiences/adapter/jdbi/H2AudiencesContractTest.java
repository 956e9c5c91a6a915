package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.AudiencesContract;

class H2AudiencesContractTest extends AudiencesContract {

    @Override
    protected Stores newStores() {
        return TestDatabases.h2().stores();
    }
}
