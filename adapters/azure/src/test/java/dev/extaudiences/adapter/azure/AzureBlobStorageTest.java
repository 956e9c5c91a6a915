package dev.extaudiences.adapter.azure;

import dev.extaudiences.testkit.contract.SourceStorageContract;

/**
 * An Azure container, under a prefix, keeps the source storage contract against the Azurite emulator; listings of
 * five blobs a page, so that a folder of a dozen is listed in three.
 */
class AzureBlobStorageTest extends SourceStorageContract {

    @Override
    protected Place newPlace() throws Exception {
        return AzurePlace.fresh();
    }

    @Override
    protected int filesForMoreThanOnePage() {
        return 2 * AzurePlace.LIMITS.pageSize() + 2;
    }
}
