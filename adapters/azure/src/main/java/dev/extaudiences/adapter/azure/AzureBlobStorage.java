package dev.extaudiences.adapter.azure;

import com.azure.core.credential.AzureSasCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobDownloadAsyncResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Source files in an Azure Blob Storage container, under a prefix: a path is a blob's name after the prefix, a folder
 * the names that start with it and a {@code /} (the service has no folders of its own), a file's version its ETag. A
 * file is read by ranged downloads that hold the listed ETag (If-Match), so bytes of a blob rewritten since it was
 * listed are never handed out as the listed file's; a download is streamed as it arrives and a cut one fails with an
 * {@link java.io.IOException}, which core resumes from its position. The SDK retries throttling and failed requests a
 * few times, quickly, and never resumes a download on its own: resuming is core's, which checks the file first.
 * One storage serves concurrent runs; closing it ends its HTTP threads.
 */
public final class AzureBlobStorage implements SourceStorage, AutoCloseable {

    /** What Azure Data Lake (a hierarchical namespace) marks a directory's own blob with. */
    private static final String FOLDER_MARKER = "hdi_isfolder";

    private final AzureConnection connection;
    private final AzureLimits limits;
    private final ExecutorService httpThreads;
    private final BlobContainerClient container;
    private final BlobContainerAsyncClient downloads;
    private final AzureFailures failures;

    private AzureBlobStorage(AzureConnection connection, AzureLimits limits) {
        this.connection = connection;
        this.limits = limits;
        this.httpThreads = Executors.newCachedThreadPool(daemonThreads());
        this.failures = new AzureFailures(connection, limits.tries());
        HttpClient http = http(limits.readTimeout());
        BlobContainerClientBuilder builder = new BlobContainerClientBuilder()
                .endpoint(connection.accountUrl())
                .containerName(connection.container())
                .httpClient(http)
                .addPolicy(new EmptyContentLengthDropped())
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, limits.tries(),
                        limits.readTimeout().multipliedBy(2), limits.firstRetryDelay(), limits.longestRetryDelay(),
                        null));
        AzureCredentials credentials = connection.credentials();
        if (credentials instanceof AzureCredentials.AccountKey key) {
            builder.credential(new StorageSharedKeyCredential(connection.account(), key.key()));
        } else if (credentials instanceof AzureCredentials.SasToken sas) {
            builder.credential(new AzureSasCredential(sas.token()));
        } else if (credentials instanceof AzureCredentials.DefaultChain) {
            builder.credential(new DefaultAzureCredentialBuilder().httpClient(http).build());
        }
        this.container = builder.buildClient();
        // a download's body is timed by its stream, only while its reader waits: a slow reader is no stalled network
        this.downloads = builder.httpClient(http(Duration.ZERO)).buildAsyncClient();
    }

    /** The JDK's client on this storage's threads; a {@code readTimeout} of zero reads a body without one. */
    private HttpClient http(Duration readTimeout) {
        return new JdkHttpClientBuilder()
                .executor(httpThreads)
                .connectionTimeout(limits.connectTimeout())
                .writeTimeout(limits.readTimeout())
                .responseTimeout(limits.readTimeout())
                .readTimeout(readTimeout)
                .build();
    }

    /** The container of {@code connection}, with the default limits. Nothing is asked of the service yet. */
    public static AzureBlobStorage of(AzureConnection connection) {
        return of(connection, AzureLimits.DEFAULTS);
    }

    /** The container of {@code connection}, waited for and retried as {@code limits} say. */
    public static AzureBlobStorage of(AzureConnection connection, AzureLimits limits) {
        return new AzureBlobStorage(Objects.requireNonNull(connection, "connection"),
                Objects.requireNonNull(limits, "limits"));
    }

    /** Where this storage reads. */
    public AzureConnection connection() {
        return connection;
    }

    /** A blob's name is a name: no path can lead out of the prefix but by {@code ..}, which core refuses. */
    @Override
    public Optional<String> escapes(String path) {
        return Optional.empty();
    }

    @Override
    public Optional<SourceFile> file(String path) throws SourceException {
        if (path.isEmpty()) {
            return Optional.empty(); // the root is a folder
        }
        BlobProperties properties;
        try {
            properties = container.getBlobClient(connection.blobName(path))
                    .getPropertiesWithResponse(null, null, Context.NONE).getValue();
        } catch (BlobStorageException refused) {
            if (refused.getStatusCode() == 404 && BlobErrorCode.BLOB_NOT_FOUND.equals(refused.getErrorCode())) {
                return Optional.empty();
            }
            throw failures.failed("describing '" + path + "'", refused);
        } catch (RuntimeException failed) {
            throw failures.failed("describing '" + path + "'", failed);
        }
        if (isFolderMarker(properties.getMetadata())) {
            return Optional.empty();
        }
        return Optional.of(new SourceFile(path, properties.getLastModified().toInstant(), properties.getBlobSize(),
                Optional.of(quoted(properties.getETag()))));
    }

    @Override
    public Optional<List<SourceFile>> folder(String path) throws SourceException {
        String prefix = connection.folderPrefix(path);
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(limits.pageSize())
                .setDetails(new BlobListDetails().setRetrieveMetadata(true));
        boolean anyName = false;
        List<SourceFile> files = new ArrayList<>();
        try {
            for (PagedResponse<BlobItem> page : container.listBlobsByHierarchy("/", options, null).iterableByPage()) {
                for (BlobItem item : page.getValue()) {
                    anyName = true;
                    String name = item.getName().substring(prefix.length());
                    // a sub-folder, a folder's own marker blob, an upload in progress or a system file
                    if (Boolean.TRUE.equals(item.isPrefix()) || name.isEmpty() || name.startsWith(".")
                            || isFolderMarker(item.getMetadata())) {
                        continue;
                    }
                    files.add(described(path.isEmpty() ? name : path + "/" + name, item.getProperties()));
                }
            }
        } catch (RuntimeException failed) {
            throw failures.failed("listing '" + path + "'", failed);
        }
        // the container itself is there even when empty (a missing one failed above); a folder only by its names
        if (!anyName && !prefix.isEmpty()) {
            return Optional.empty();
        }
        files.sort(Comparator.comparing(SourceFile::path));
        return Optional.of(files);
    }

    @Override
    public InputStream open(SourceFile file, long offset) throws SourceException {
        if (offset < 0) {
            throw new IllegalArgumentException("an offset is never negative");
        }
        if (offset >= file.sizeBytes()) {
            // the service refuses a range that starts at the end; with the listed ETag held there is nothing after it
            return InputStream.nullInputStream();
        }
        BlobRequestConditions listed = new BlobRequestConditions();
        file.version().ifPresent(listed::setIfMatch);
        String doing = "opening '" + file.path() + "' at byte " + offset;
        // no resume by the SDK: a cut download fails, and core resumes it once it has seen the file unchanged
        DownloadRetryOptions noResume = new DownloadRetryOptions().setMaxRetryRequests(0);
        BlobDownloadAsyncResponse response;
        try {
            response = downloads.getBlobAsyncClient(connection.blobName(file.path()))
                    .downloadStreamWithResponse(new BlobRange(offset), noResume, listed, false)
                    .block();
        } catch (BlobStorageException refused) {
            if (refused.getStatusCode() == 404 && BlobErrorCode.BLOB_NOT_FOUND.equals(refused.getErrorCode())) {
                throw failures.missing("file '" + file.path() + "' no longer exists");
            }
            if (refused.getStatusCode() == 412) {
                throw notAsListed(file);
            }
            throw failures.failed(doing, refused);
        } catch (RuntimeException failed) {
            throw failures.failed(doing, failed);
        }
        Objects.requireNonNull(response, "a download answers");
        return new BlobBodyStream(response.getValue(), file.path(), offset,
                response.getDeserializedHeaders().getContentLength(), limits.readTimeout(), failures);
    }

    /**
     * Why the listed ETag no longer matches: the service answers a deleted blob and a rewritten one alike (412), so
     * the blob is asked after once more, to say which.
     */
    private SourceException notAsListed(SourceFile listed) {
        Optional<SourceFile> now;
        try {
            now = file(listed.path());
        } catch (SourceException unknown) {
            return failures.missing("file '" + listed.path() + "' was rewritten or deleted since it was listed");
        }
        return now.map(file -> failures.missing("file '" + listed.path() + "' was rewritten since it was listed: its "
                        + "ETag is " + file.version().orElse("another") + ", not "
                        + listed.version().orElse("the listed one")))
                .orElseGet(() -> failures.missing("file '" + listed.path() + "' no longer exists"));
    }

    /** Ends the HTTP client's threads; the storage is not to be used after. */
    @Override
    public void close() {
        httpThreads.shutdown();
    }

    @Override
    public String toString() {
        return "AzureBlobStorage[" + connection.place() + "]";
    }

    private static SourceFile described(String path, BlobItemProperties properties) {
        return new SourceFile(path, properties.getLastModified().toInstant(), properties.getContentLength(),
                Optional.of(quoted(properties.getETag())));
    }

    /** A listing gives an ETag bare, a blob's properties quoted: one form, the header's, so the two compare equal. */
    private static String quoted(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    private static boolean isFolderMarker(Map<String, String> metadata) {
        return metadata != null && metadata.entrySet().stream().anyMatch(entry ->
                entry.getKey().equalsIgnoreCase(FOLDER_MARKER) && "true".equalsIgnoreCase(entry.getValue()));
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "azure-blob-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
