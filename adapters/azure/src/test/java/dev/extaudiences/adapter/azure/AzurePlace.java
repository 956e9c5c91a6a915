package dev.extaudiences.adapter.azure;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.testkit.contract.SourceStorageContract;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fresh container of the emulator, read under a prefix by the storage under test, written through an SDK client
 * of its own; the container goes when the place is closed, and so do the storages made for it.
 */
final class AzurePlace implements SourceStorageContract.Place {

    static final String PREFIX = "imports/daily";
    static final AzureLimits LIMITS = AzureLimits.DEFAULTS.withPageSize(5);

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static BlobServiceClient writer;

    private final Azurite azurite;
    private final Function<AzureBlobStorage, SourceStorage> variant;
    private final BlobContainerClient blobs;
    private final String prefix;
    private final List<AzureBlobStorage> opened = new ArrayList<>();
    private final SourceStorage storage;

    /**
     * A fresh container whose files are read under {@code prefix}, by {@code variant} of each storage this place
     * makes (the storage itself, or a deliberately broken one).
     */
    AzurePlace(String prefix, Function<AzureBlobStorage, SourceStorage> variant) throws Exception {
        this.azurite = Azurite.shared();
        this.variant = variant;
        this.prefix = prefix;
        this.blobs = writer(azurite).createBlobContainer("place-" + COUNT.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        this.storage = storageOf(new AzureCredentials.AccountKey(Azurite.KEY));
    }

    /** A fresh container read under the contract's prefix by the storage itself. */
    static AzurePlace fresh() throws Exception {
        return new AzurePlace(PREFIX, storage -> storage);
    }

    /** The SDK client of the emulator's account that tests write with. */
    static synchronized BlobServiceClient writer(Azurite azurite) {
        if (writer == null) {
            writer = new BlobServiceClientBuilder().endpoint(azurite.accountUrl())
                    .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY))
                    .httpClient(new JdkHttpClientBuilder().build()).buildClient();
        }
        return writer;
    }

    /** The container, as tests write to it (blob names with the prefix). */
    BlobContainerClient blobs() {
        return blobs;
    }

    /** The blob name of a source path. */
    String blobName(String path) {
        return prefix.isEmpty() ? path : prefix + "/" + path;
    }

    /** This place's connection at the emulator's own address, with {@code credentials}. */
    AzureConnection connection(AzureCredentials credentials) {
        return connection(azurite.accountUrl(), blobs.getBlobContainerName(), credentials);
    }

    private AzureConnection connection(String accountUrl, String container, AzureCredentials credentials) {
        return new AzureConnection(Azurite.ACCOUNT, container, prefix, Optional.of(URI.create(accountUrl)),
                credentials);
    }

    /** A storage of this place with {@code credentials}, closed with the place. */
    SourceStorage storageOf(AzureCredentials credentials) {
        return opened(connection(credentials));
    }

    private SourceStorage opened(AzureConnection connection) {
        AzureBlobStorage opened = AzureBlobStorage.of(connection, LIMITS);
        this.opened.add(opened);
        return variant.apply(opened);
    }

    @Override
    public SourceStorage storage() {
        return storage;
    }

    @Override
    public void put(String path, byte[] content) {
        blobs.getBlobClient(blobName(path)).upload(BinaryData.fromBytes(content), true);
    }

    /** Writes a blob with metadata, as a Data Lake directory's marker blob has. */
    void put(String path, byte[] content, Map<String, String> metadata) {
        put(path, content);
        blobs.getBlobClient(blobName(path)).setMetadata(metadata);
    }

    @Override
    public void delete(String path) {
        blobs.getBlobClient(blobName(path)).delete();
    }

    @Override
    public Optional<SourceStorageContract.Faults> faults() {
        String wrongKey = randomKey();
        return Optional.of(new SourceStorageContract.Faults() {
            @Override
            public String secret() {
                return Azurite.KEY;
            }

            @Override
            public SourceStorage withWrongCredentials() {
                return storageOf(new AzureCredentials.AccountKey(wrongKey));
            }

            @Override
            public String wrongSecret() {
                return wrongKey;
            }

            @Override
            public SourceStorage ofMissingPlace() {
                return opened(connection(azurite.accountUrl(), "missing-" + UUID.randomUUID(),
                        new AzureCredentials.AccountKey(Azurite.KEY)));
            }

            @Override
            public SourceStorage unreachable() {
                try {
                    return opened(connection(Azurite.accountUrl(Azurite.freePort()), blobs.getBlobContainerName(),
                            new AzureCredentials.AccountKey(Azurite.KEY)));
                } catch (java.io.IOException noPort) {
                    throw new java.io.UncheckedIOException(noPort);
                }
            }

            @Override
            public InetSocketAddress server() {
                return azurite.address();
            }

            @Override
            public SourceStorage through(InetSocketAddress proxy) {
                return opened(connection(Azurite.accountUrl(proxy.getPort()), blobs.getBlobContainerName(),
                        new AzureCredentials.AccountKey(Azurite.KEY)));
            }
        });
    }

    /** A key of the shape of the account's, which the emulator refuses. */
    static String randomKey() {
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Override
    public void close() {
        opened.forEach(AzureBlobStorage::close);
        blobs.delete();
    }
}
