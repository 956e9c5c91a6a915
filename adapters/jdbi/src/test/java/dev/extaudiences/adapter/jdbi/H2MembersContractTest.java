package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.MembersContract;

class H2MembersContractTest extends MembersContract {

    @Override
    protected Stores newStores() {
        return TestDatabases.h2().stores();
    }
}
