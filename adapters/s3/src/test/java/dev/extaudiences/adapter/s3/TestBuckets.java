package dev.extaudiences.adapter.s3;

import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** What the tests write to the test server with, past the storage under test: buckets and objects. */
public final class TestBuckets implements AutoCloseable {

    private final S3Client client;

    TestBuckets(URI endpoint, String accessKeyId, String secret) {
        client = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    public static TestBuckets of(S3ProxyProcess server) {
        return new TestBuckets(server.endpoint(), S3ProxyProcess.ACCESS_KEY_ID, S3ProxyProcess.SECRET);
    }

    /** A new, empty bucket of a name no other test uses. */
    public String newBucket() {
        String bucket = "b-" + UUID.randomUUID().toString().substring(0, 18);
        client.createBucket(request -> request.bucket(bucket));
        return bucket;
    }

    public void put(String bucket, String key, byte[] content) {
        client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    /** An object of the bytes of {@code file}, streamed from it (a benchmark's file of tens of megabytes). */
    public void put(String bucket, String key, java.nio.file.Path file) {
        client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromFile(file));
    }

    void delete(String bucket, String key) {
        client.deleteObject(request -> request.bucket(bucket).key(key));
    }

    /** Whether the server, asked for {@code keys} keys a page under {@code prefix}, says there are more. */
    boolean pagesAfter(String bucket, String prefix, int keys) {
        return Boolean.TRUE.equals(client.listObjectsV2(request -> request.bucket(bucket).prefix(prefix)
                .delimiter("/").maxKeys(keys)).isTruncated());
    }

    @Override
    public void close() {
        client.close();
    }
}
