package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.ExternalAudiencesContract;

class H2ExternalAudiencesContractTest extends ExternalAudiencesContract {

    @Override
    protected Stores newStores() {
        return TestDatabases.h2().stores();
    }
}
