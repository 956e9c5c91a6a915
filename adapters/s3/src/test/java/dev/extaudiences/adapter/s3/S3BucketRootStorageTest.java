package dev.extaudiences.adapter.s3;

import java.util.function.UnaryOperator;

/**
 * A whole bucket as the root (no prefix) keeps the source storage contract too: each rule reads a bucket of its
 * own, whose root folder lists the keys that hold no {@code /}.
 */
class S3BucketRootStorageTest extends S3StorageTest {

    @Override
    protected Place newPlace() {
        S3ProxyProcess server = S3ProxyProcess.shared();
        return new S3Place(server, writer(), writer().newBucket(), "", PAGE_SIZE, UnaryOperator.identity());
    }
}
