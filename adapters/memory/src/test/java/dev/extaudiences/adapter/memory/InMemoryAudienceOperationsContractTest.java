package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.AudienceOperationsContract;

class InMemoryAudienceOperationsContractTest extends AudienceOperationsContract {

    @Override
    protected Stores newStores() {
        return InMemoryStores.create();
    }
}
