package dev.extaudiences.adapter.s3;

import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.testkit.contract.SourceStorageContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * An S3 bucket under a prefix keeps the source storage contract, against S3Proxy (a real S3 server that checks
 * signatures) as its own process. Each rule reads a fresh prefix of one bucket, listing three keys a page so that
 * a folder of seven files takes three pages.
 */
class S3StorageTest extends SourceStorageContract {

    static final int PAGE_SIZE = 3;

    private static S3ProxyProcess server;
    private static TestBuckets buckets;
    private static String bucket;

    @BeforeAll
    static void startServer() {
        server = S3ProxyProcess.shared();
        buckets = TestBuckets.of(server);
        bucket = buckets.newBucket();
    }

    @AfterAll
    static void closeWriter() {
        buckets.close();
    }

    /** What writes objects to the server, past the storage under test. */
    static TestBuckets writer() {
        return buckets;
    }

    @Override
    protected int filesForMoreThanOnePage() {
        return 2 * PAGE_SIZE + 1;
    }

    @Override
    protected Place newPlace() {
        return new S3Place(server, buckets, bucket, "rules/" + UUID.randomUUID() + "/", PAGE_SIZE, variant());
    }

    /** What every storage of a place is turned into: itself here, a deliberately broken one in a proof. */
    UnaryOperator<SourceStorage> variant() {
        return UnaryOperator.identity();
    }

    /** A prefix of a bucket, the storages of it that meet each fault, and a way to write into it. */
    static class S3Place implements Place, Faults {

        private final S3ProxyProcess server;
        private final TestBuckets buckets;
        private final String bucket;
        private final String prefix;
        private final S3Limits limits;
        private final UnaryOperator<SourceStorage> variant;
        private final List<S3Storage> opened = new ArrayList<>();
        private final SourceStorage storage;

        S3Place(S3ProxyProcess server, TestBuckets buckets, String bucket, String prefix, int pageSize,
                UnaryOperator<SourceStorage> variant) {
            this.server = server;
            this.buckets = buckets;
            this.bucket = bucket;
            this.prefix = prefix;
            this.limits = S3Limits.DEFAULTS.withPageSize(pageSize);
            this.variant = variant;
            this.storage = opened(server.endpoint(), bucket, S3ProxyProcess.SECRET);
        }

        /** A storage of this place's prefix; every one is closed with the place. */
        private SourceStorage opened(URI endpoint, String bucket, String secret) {
            S3Storage opened = S3Storage.of(S3Connection.compatible(endpoint, bucket, prefix,
                    S3Credentials.of(S3ProxyProcess.ACCESS_KEY_ID, secret)), limits);
            this.opened.add(opened);
            return variant.apply(opened);
        }

        @Override
        public SourceStorage storage() {
            return storage;
        }

        @Override
        public void put(String path, byte[] content) {
            buckets.put(bucket, prefix + path, content);
        }

        @Override
        public void delete(String path) {
            buckets.delete(bucket, prefix + path);
        }

        @Override
        public Optional<Faults> faults() {
            return Optional.of(this);
        }

        @Override
        public String secret() {
            return S3ProxyProcess.SECRET;
        }

        @Override
        public SourceStorage withWrongCredentials() {
            return opened(server.endpoint(), bucket, wrongSecret());
        }

        @Override
        public String wrongSecret() {
            return "wrong-secret-8d2a61f3c5";
        }

        @Override
        public SourceStorage ofMissingPlace() {
            return opened(server.endpoint(), "missing-" + UUID.randomUUID().toString().substring(0, 8),
                    S3ProxyProcess.SECRET);
        }

        @Override
        public SourceStorage unreachable() {
            try {
                return opened(URI.create("http://127.0.0.1:" + S3ProxyProcess.freePort()), bucket,
                        S3ProxyProcess.SECRET);
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        }

        @Override
        public InetSocketAddress server() {
            return server.address();
        }

        @Override
        public SourceStorage through(InetSocketAddress proxy) {
            return opened(URI.create("http://127.0.0.1:" + proxy.getPort()), bucket, S3ProxyProcess.SECRET);
        }

        @Override
        public void close() {
            opened.forEach(S3Storage::close);
        }
    }
}
