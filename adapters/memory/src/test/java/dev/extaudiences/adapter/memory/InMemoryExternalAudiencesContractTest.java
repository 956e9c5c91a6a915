package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.ExternalAudiencesContract;

class InMemoryExternalAudiencesContractTest extends ExternalAudiencesContract {

    @Override
    protected Stores newStores() {
        return InMemoryStores.create();
    }
}
