package dev.extaudiences.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.service.Backoff;
import dev.extaudiences.core.service.StoredSourceFiles;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourcePath;
import dev.extaudiences.core.source.SourceRecord;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.source.CuttingProxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An S3 connection read through core, as a run reads it: resumed reads, and failures in the words a run shows. */
class S3SourceFilesTest {

    private static final TenantScope SCOPE = TenantScope.of("12345@AdobeOrg", "prod");
    private static final ConnectionId CONNECTION = new ConnectionId("crm-bucket");
    /** Core's retries, without their waits. */
    private static final Backoff UNWAITED = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5),
            Duration.ofSeconds(10), pause -> { });

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

    private static StoredSourceFiles reading(SourceStorage storage) {
        return new StoredSourceFiles(scope -> {
            throw new AssertionError("no landing zone here");
        }, List.of(new StoredSourceFiles.Connected(new Connection(CONNECTION, CloudType.S3), storage)), new LineDecoder(),
                UNWAITED);
    }

    private static SourceSpec file(String path) {
        return new SourceSpec(new SourcePath(path), SourceKind.FILE, Optional.empty(), CloudType.S3,
                Optional.of(CONNECTION));
    }

    private static S3Connection connection(URI endpoint, String prefix, String secret) {
        return S3Connection.compatible(endpoint, bucket, prefix, S3Credentials.of(S3ProxyProcess.ACCESS_KEY_ID,
                secret));
    }

    @Test
    void aReadCutInTheMiddleOfAnObjectIsResumedWhereItStoppedAndEveryRowIsRead() throws Exception {
        String prefix = "runs/" + UUID.randomUUID();
        String rows = IntStream.range(0, 60_000).mapToObj(i -> "member-" + i + "@example.com")
                .collect(Collectors.joining("\n", "email\n", "\n"));
        buckets.put(bucket, prefix + "/crm/members.csv", rows.getBytes(StandardCharsets.UTF_8));
        try (CuttingProxy proxy = new CuttingProxy(server.address());
             S3Storage storage = S3Storage.of(connection(URI.create("http://127.0.0.1:" + proxy.address().getPort()),
                     prefix, S3ProxyProcess.SECRET))) {
            StoredSourceFiles files = reading(storage);
            SourceFile listed = files.list(SCOPE, file("crm/members.csv")).get(0);
            proxy.cutAfter(512 * 1024);

            long read = 0;
            String last = null;
            try (RecordStream stream = files.open(SCOPE, file("crm/members.csv"), listed)) {
                for (Optional<SourceRecord> row = stream.next(); row.isPresent(); row = stream.next()) {
                    read++;
                    last = row.get().values().get(0);
                }
                assertThat(stream.state()).isInstanceOf(FileState.Unchanged.class);
            }

            assertThat(proxy.cuts()).isEqualTo(1);
            assertThat(read).isEqualTo(60_000);
            assertThat(last).isEqualTo("member-59999@example.com");
        }
    }

    @Test
    void aRefusedCredentialNamesTheConnectionTheBucketAndTheCode() throws Exception {
        String prefix = "runs/" + UUID.randomUUID();
        buckets.put(bucket, prefix + "/crm/members.csv", "email\n".getBytes(StandardCharsets.UTF_8));
        try (S3Storage refused = S3Storage.of(connection(server.endpoint(), prefix, "wrong-secret"))) {
            SourceException failure = catchThrowableOfType(SourceException.class,
                    () -> reading(refused).list(SCOPE, file("crm/members.csv")));

            assertThat(failure.kind()).isEqualTo(SourceException.Kind.STORAGE_FAILURE);
            assertThat(failure.getMessage()).isEqualTo("the S3 connection 'crm-bucket' failed while describing "
                    + "'crm/members.csv': s3://" + bucket + "/" + prefix + "/ at " + server.endpoint()
                    + ": refused access key id 'contract-key' while describing 'crm/members.csv' "
                    + "(SignatureDoesNotMatch, HTTP 403)");
        }
    }

    @Test
    void aMissingBucketIsAStorageFailureNotAMissingFile() throws Exception {
        try (S3Storage missing = S3Storage.of(S3Connection.compatible(server.endpoint(), "no-such-bucket", "",
                S3Credentials.of(S3ProxyProcess.ACCESS_KEY_ID, S3ProxyProcess.SECRET)))) {
            SourceException failure = catchThrowableOfType(SourceException.class,
                    () -> reading(missing).list(SCOPE, file("crm/members.csv")));

            assertThat(failure.kind()).isEqualTo(SourceException.Kind.STORAGE_FAILURE);
            assertThat(failure.getMessage()).endsWith(": s3://no-such-bucket/ at " + server.endpoint()
                    + ": the bucket does not exist while describing 'crm/members.csv' (NoSuchBucket, HTTP 404)");
        }
    }

    @Test
    void theFilesOfAFolderAreListedAcrossPages() throws Exception {
        String prefix = "runs/" + UUID.randomUUID();
        List<String> names = IntStream.range(0, 5).mapToObj(i -> "drops/part-" + i + ".csv").toList();
        names.forEach(name -> buckets.put(bucket, prefix + "/" + name, "email\n".getBytes(StandardCharsets.UTF_8)));
        try (S3Storage storage = S3Storage.of(connection(server.endpoint(), prefix, S3ProxyProcess.SECRET),
                S3Limits.DEFAULTS.withPageSize(2))) {
            SourceSpec folder = new SourceSpec(new SourcePath("drops/"), SourceKind.FOLDER, Optional.empty(),
                    CloudType.S3, Optional.of(CONNECTION));

            assertThat(reading(storage).list(SCOPE, folder)).extracting(SourceFile::path)
                    .containsExactlyElementsOf(names);
        }
    }
}
