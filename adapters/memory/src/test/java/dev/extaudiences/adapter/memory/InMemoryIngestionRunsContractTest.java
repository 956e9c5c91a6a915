package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.IngestionRunsContract;

class InMemoryIngestionRunsContractTest extends IngestionRunsContract {

    @Override
    protected Stores newStores() {
        return InMemoryStores.create();
    }
}
