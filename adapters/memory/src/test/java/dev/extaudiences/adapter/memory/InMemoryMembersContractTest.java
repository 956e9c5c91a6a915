package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.MembersContract;

class InMemoryMembersContractTest extends MembersContract {

    @Override
    protected Stores newStores() {
        return InMemoryStores.create();
    }
}
