package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.MembersContract;

class PostgresMembersContractTest extends MembersContract {

    @Override
    protected Stores newStores() {
        return TestDatabases.postgres().stores();
    }
}
