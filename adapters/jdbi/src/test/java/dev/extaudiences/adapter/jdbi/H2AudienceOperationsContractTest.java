package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.AudienceOperationsContract;

class H2AudienceOperationsContractTest extends AudienceOperationsContract {

    @Override
    protected Stores newStores() {
        return TestDatabases.h2().stores();
    }
}
