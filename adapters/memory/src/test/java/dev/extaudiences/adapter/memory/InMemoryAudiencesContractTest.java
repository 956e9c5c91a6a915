package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.AudiencesContract;

class InMemoryAudiencesContractTest extends AudiencesContract {

    @Override
    protected Stores newStores() {
        return InMemoryStores.create();
    }
}
