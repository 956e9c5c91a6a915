package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.IngestionContract;

class InMemoryIngestionContractTest extends IngestionContract {

    @Override
    protected Stores newStores() {
        return InMemoryStores.create();
    }
}
