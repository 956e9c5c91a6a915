package dev.extaudiences.adapter.s3;

import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Source files in an S3 bucket under a prefix, or in any store that speaks S3's API (GCS's XML API with HMAC keys,
 * MinIO, Ceph, Cloudflare R2). A path is a key under the prefix and nothing else, so no path escapes the root. A
 * folder is there when some key starts with it and a {@code /} (a zero-byte "folder marker" object included, which
 * is not a file); a file's version is its ETag, and a file is read only as the version that was listed, so a
 * rewritten object is never spliced into the bytes of the one before. One storage serves every run at once: its
 * SDK client is thread-safe and keeps its connections alive between requests; close it when the server stops.
 */
public final class S3Storage implements SourceStorage, AutoCloseable {

    private final S3Connection connection;
    private final S3Limits limits;
    private final AwsCredentialsProvider credentials;
    private final S3Client client;
    private final S3Failures failures;

    private S3Storage(S3Connection connection, S3Limits limits) {
        this.connection = connection;
        this.limits = limits;
        this.credentials = provider(connection.credentials());
        this.client = client(connection, limits, credentials);
        this.failures = new S3Failures(connection);
    }

    /** A storage of {@code connection} with the default limits; close it to release its connections. */
    public static S3Storage of(S3Connection connection) {
        return of(connection, S3Limits.DEFAULTS);
    }

    /** A storage of {@code connection} that waits, tries and pages as {@code limits} say. */
    public static S3Storage of(S3Connection connection, S3Limits limits) {
        return new S3Storage(Objects.requireNonNull(connection, "connection"), Objects.requireNonNull(limits,
                "limits"));
    }

    /** Where this storage reads. */
    public S3Connection connection() {
        return connection;
    }

    private static AwsCredentialsProvider provider(S3Credentials credentials) {
        if (credentials instanceof S3Credentials.Static pair) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(pair.accessKeyId(), pair.secret()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static S3Client client(S3Connection connection, S3Limits limits, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(limits.connectTimeout())
                        .socketTimeout(limits.readTimeout()))
                .overrideConfiguration(override -> override.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(limits.attempts()).build()))
                .forcePathStyle(connection.addressing() == Addressing.PATH)
                // checksums only where S3 requires them: a ranged read has no whole-object checksum to validate,
                // and GCS and older S3-compatible servers know nothing of the flexible checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .region(Region.of(connection.region().orElse("us-east-1")));
        connection.endpoint().ifPresent(builder::endpointOverride);
        if (connection.endpoint().isEmpty() && connection.region().isEmpty()) {
            // no region named: a bucket elsewhere on AWS is followed to its region instead of refused
            builder.crossRegionAccessEnabled(true);
        }
        return builder.build();
    }

    /** A remote storage's paths are names: none leads anywhere but under the prefix. */
    @Override
    public Optional<String> escapes(String path) {
        return Optional.empty();
    }

    @Override
    public Optional<SourceFile> file(String path) throws SourceException {
        if (path.isEmpty()) {
            return Optional.empty(); // the root is a folder
        }
        String key = key(path);
        HeadObjectResponse head;
        try {
            head = client.headObject(request -> request.bucket(connection.bucket()).key(key));
        } catch (AwsServiceException refused) {
            return unlessTheBucketSaysOtherwise(path, key, refused);
        } catch (SdkException failed) {
            throw failures.of("describing", path, failed);
        }
        return Optional.of(new SourceFile(path, seconds(head.lastModified()), head.contentLength(),
                version(head.eTag())));
    }

    /**
     * A HEAD answer has no body, so it tells neither a missing bucket from a missing key (404 both) nor which error
     * code a 403 was: a listing of the key, whose answer says, tells. A 404 whose listing succeeds is a missing file.
     */
    private Optional<SourceFile> unlessTheBucketSaysOtherwise(String path, String key, AwsServiceException head)
            throws SourceException {
        try {
            client.listObjectsV2(request -> request.bucket(connection.bucket()).prefix(key).maxKeys(1));
        } catch (SdkException told) {
            throw failures.of("describing", path, told);
        }
        if (head.statusCode() == 404) {
            return Optional.empty();
        }
        throw failures.of("describing", path, head);
    }

    @Override
    public Optional<List<SourceFile>> folder(String path) throws SourceException {
        String folderKey = path.isEmpty() ? connection.rootKey() : key(path) + "/";
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(connection.bucket())
                .prefix(folderKey).delimiter("/").maxKeys(limits.pageSize())
                // keys as URL-encoded text: any character a key may hold reaches the SDK intact through XML
                .encodingType(EncodingType.URL);
        List<SourceFile> files = new ArrayList<>();
        boolean anyKey = false;
        String token = null;
        do {
            ListObjectsV2Response page;
            try {
                page = client.listObjectsV2(request.continuationToken(token).build());
            } catch (SdkException failed) {
                throw failures.of("listing", path, failed);
            }
            anyKey |= !page.contents().isEmpty() || !page.commonPrefixes().isEmpty();
            for (S3Object object : page.contents()) {
                String name = object.key().startsWith(folderKey) ? object.key().substring(folderKey.length()) : "";
                // not the folder's own marker, no hidden name (an upload in progress), nothing not directly inside
                if (!name.isEmpty() && !name.startsWith(".") && !name.contains("/")) {
                    files.add(new SourceFile(path(object.key()), seconds(object.lastModified()), object.size(),
                            version(object.eTag())));
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        if (!anyKey && !folderKey.isEmpty()) {
            return Optional.empty();
        }
        files.sort(Comparator.comparing(SourceFile::path));
        return Optional.of(files);
    }

    @Override
    public InputStream open(SourceFile file, long offset) throws SourceException {
        if (offset >= file.sizeBytes()) {
            // nothing is left to read, and S3 refuses a range that starts at the end (416)
            return InputStream.nullInputStream();
        }
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(connection.bucket())
                .key(key(file.path()))
                // the bytes as stored: GCS would otherwise unzip an object stored with Content-Encoding gzip on the
                // way, answering another length than listed and ignoring the range (the JDK client unzips nothing)
                .overrideConfiguration(override -> override.putHeader("Accept-Encoding", "gzip"));
        if (offset > 0) {
            request.range("bytes=" + offset + "-");
        }
        file.version().ifPresent(etag -> request.ifMatch('"' + etag + '"'));
        ResponseInputStream<GetObjectResponse> answer;
        try {
            answer = client.getObject(request.build());
        } catch (AwsServiceException refused) {
            throw openRefused(file, refused);
        } catch (SdkException failed) {
            throw failures.of("opening", file.path(), failed);
        }
        GetObjectResponse response = answer.response();
        long expected = file.sizeBytes() - offset;
        Optional<String> served = version(response.eTag());
        if (file.version().isPresent() && served.isPresent() && !served.equals(file.version())) {
            answer.abort();
            // a server that ignores If-Match still names the version it sent
            throw rewritten(file, ", now " + served.get());
        }
        if (response.contentLength() == null || response.contentLength() != expected
                || offset > 0 && !startsAt(response.contentRange(), offset)) {
            answer.abort();
            // a server that ignores Range answers the whole object, which read on from here would splice it
            throw failures.unexpected("opening", file.path(), "answered " + response.contentLength() + " bytes"
                    + Optional.ofNullable(response.contentRange()).map(range -> " (" + range + ")").orElse("")
                    + " to a read of the " + expected + " bytes from byte " + offset);
        }
        return new ObjectBody(answer, expected, "s3://" + connection.bucket() + "/" + key(file.path()));
    }

    private SourceException openRefused(SourceFile file, AwsServiceException refused) {
        if (refused.statusCode() == 404 && "NoSuchKey".equals(S3Failures.code(refused).orElse(null))) {
            return new SourceException(SourceException.Kind.MISSING, "file '" + file.path() + "' no longer exists");
        }
        if (refused.statusCode() == 412) {
            return rewritten(file, "");
        }
        return failures.of("opening", file.path(), refused);
    }

    /** The listed version of a file is gone: what is there now is another object, to be listed again. */
    private static SourceException rewritten(SourceFile file, String now) {
        return new SourceException(SourceException.Kind.MISSING, "file '" + file.path() + "' was rewritten since it"
                + " was listed (ETag " + file.version().orElseThrow() + " when listed" + now + ")");
    }

    private static boolean startsAt(String contentRange, long offset) {
        return contentRange != null && contentRange.startsWith("bytes " + offset + "-");
    }

    private String key(String path) {
        return connection.rootKey() + path;
    }

    private String path(String key) {
        return key.substring(connection.rootKey().length());
    }

    /**
     * S3 keeps times to the second; a listing writes them with milliseconds and a HEAD answer without, so both are
     * cut to the second to describe one file the same way.
     */
    private static Instant seconds(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS);
    }

    /** An ETag without its quotes: a listing and a HEAD answer quote it, some servers do not. */
    private static Optional<String> version(String etag) {
        if (etag == null || etag.isBlank()) {
            return Optional.empty();
        }
        String bare = etag.strip();
        if (bare.length() >= 2 && bare.startsWith("\"") && bare.endsWith("\"")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        return Optional.of(bare);
    }

    @Override
    public void close() {
        client.close();
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // a credential provider's refresh thread: nothing left to do if it does not stop cleanly
            }
        }
    }

    @Override
    public String toString() {
        return "S3Storage[" + connection + "]";
    }
}
