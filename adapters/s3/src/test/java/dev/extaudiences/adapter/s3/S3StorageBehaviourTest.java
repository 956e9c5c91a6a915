package dev.extaudiences.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.testkit.source.CuttingProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an S3 storage does beyond the contract: folder markers, ETags, If-Match, bodies cut short, faults. */
class S3StorageBehaviourTest {

    private static S3ProxyProcess server;
    private static TestBuckets buckets;
    private static String bucket;

    private String prefix;
    private S3Storage storage;

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

    @BeforeEach
    void openStorage() {
        prefix = "behaviour/" + UUID.randomUUID() + "/";
        storage = S3Storage.of(connection(server.endpoint(), S3ProxyProcess.SECRET));
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private S3Connection connection(URI endpoint, String secret) {
        return S3Connection.compatible(endpoint, bucket, prefix, S3Credentials.of(S3ProxyProcess.ACCESS_KEY_ID,
                secret));
    }

    private void put(String path, byte[] content) {
        buckets.put(bucket, prefix + path, content);
    }

    private static byte[] text(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void aFolderMarkerMakesAFolderThereButIsNoFileOfIt() throws Exception {
        put("drops/", new byte[0]);

        assertThat(storage.folder("drops")).contains(List.of());
        assertThat(storage.file("drops")).isEmpty();

        put("drops/a.csv", text("email\n"));
        put("drops/sub/", new byte[0]);

        assertThat(storage.folder("drops").orElseThrow()).extracting(SourceFile::path).containsExactly("drops/a.csv");
        assertThat(storage.folder("drops/sub")).contains(List.of());
        assertThat(storage.folder("drop")).isEmpty();
    }

    @Test
    void aFolderOfMoreKeysThanAPageIsListedWholeFromAServerThatPagesAsAsked() throws Exception {
        for (int i = 0; i < 5; i++) {
            put("many/part-" + i + ".csv", text("email\n"));
        }
        try (S3Storage paging = S3Storage.of(connection(server.endpoint(), S3ProxyProcess.SECRET),
                S3Limits.DEFAULTS.withPageSize(2))) {

            // else the contract's rule of many pages would pass on one
            assertThat(buckets.pagesAfter(bucket, prefix + "many/", 2)).as("the server pages").isTrue();
            assertThat(paging.folder("many").orElseThrow()).extracting(SourceFile::name)
                    .containsExactly("part-0.csv", "part-1.csv", "part-2.csv", "part-3.csv", "part-4.csv");
        }
    }

    @Test
    void aRewriteOfTheSameSizeIsToldByItsEtag() throws Exception {
        put("crm/members.csv", text("email\nada@example.com\n"));
        SourceFile listed = storage.file("crm/members.csv").orElseThrow();
        put("crm/members.csv", text("email\nbob@example.com\n"));
        SourceFile now = storage.file("crm/members.csv").orElseThrow();

        assertThat(listed.version()).isPresent();
        assertThat(now.sizeBytes()).isEqualTo(listed.sizeBytes());
        assertThat(FileState.compare(listed, now)).isInstanceOfSatisfying(FileState.Changed.class, changed ->
                assertThat(changed.differences()).contains(new FileState.Difference.Version(listed.version().get(),
                        now.version().get())));
        assertThat(storage.folder("crm").orElseThrow()).containsExactly(now);
    }

    @Test
    void aReadResumedAfterARewriteIsRefusedInsteadOfSplicingTheNewObjectIn() throws Exception {
        put("big.csv", randomBytes(256 * 1024, 1));
        SourceFile listed = storage.file("big.csv").orElseThrow();
        byte[] start;
        try (InputStream in = storage.open(listed, 0)) {
            start = in.readNBytes(1000);
        }
        put("big.csv", randomBytes(256 * 1024, 2));

        SourceException resumed = catchThrowableOfType(SourceException.class, () -> storage.open(listed, 1000));
        SourceException reopened = catchThrowableOfType(SourceException.class, () -> storage.open(listed, 0));

        assertThat(start).hasSize(1000);
        assertThat(resumed).isNotNull();
        assertThat(resumed.kind()).isEqualTo(SourceException.Kind.MISSING);
        assertThat(resumed.getMessage()).contains("'big.csv' was rewritten since it was listed")
                .contains(listed.version().orElseThrow());
        assertThat(reopened).isNotNull();
        assertThat(reopened.kind()).isEqualTo(SourceException.Kind.MISSING);
    }

    @Test
    void aFileDeletedAfterItsListingIsMissingWhenOpened() throws Exception {
        put("gone.csv", text("email\n"));
        SourceFile listed = storage.file("gone.csv").orElseThrow();
        buckets.delete(bucket, prefix + "gone.csv");

        SourceException opened = catchThrowableOfType(SourceException.class, () -> storage.open(listed, 0));

        assertThat(opened.kind()).isEqualTo(SourceException.Kind.MISSING);
        assertThat(opened.getMessage()).isEqualTo("file 'gone.csv' no longer exists");
    }

    @Test
    void aBodyThatEndsCleanlyBeforeItsLengthFailsTheReadAndTheRestCanBeRead() throws Exception {
        // the JDK's HTTP client, under the SDK, reads a connection closed early as the end of the body
        byte[] content = randomBytes(2 * 1024 * 1024, 3);
        put("big.csv", content);
        try (EndingProxy proxy = new EndingProxy(server.address());
             S3Storage proxied = S3Storage.of(connection(URI.create("http://127.0.0.1:"
                     + proxy.address().getPort()), S3ProxyProcess.SECRET))) {
            SourceFile file = proxied.file("big.csv").orElseThrow();
            proxy.endAfter(512 * 1024);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            IOException ended = catchThrowableOfType(IOException.class, () -> {
                try (InputStream in = proxied.open(file, 0)) {
                    in.transferTo(received);
                }
            });

            assertThat(proxy.ends()).isEqualTo(1);
            assertThat(ended).isNotNull();
            assertThat(ended.getMessage()).contains("ended after " + received.size() + " of " + content.length);
            assertThat(received.toByteArray()).isEqualTo(Arrays.copyOf(content, received.size()));
            assertThat(readAll(proxied.open(file, received.size())))
                    .isEqualTo(Arrays.copyOfRange(content, received.size(), content.length));
        }
    }

    @Test
    void aConnectionResetInTheMiddleOfABodyFailsTheReadNamingTheObjectAndWhere() throws Exception {
        put("big.csv", randomBytes(1024 * 1024, 4));
        try (CuttingProxy proxy = new CuttingProxy(server.address());
             S3Storage proxied = S3Storage.of(connection(URI.create("http://127.0.0.1:"
                     + proxy.address().getPort()), S3ProxyProcess.SECRET))) {
            SourceFile file = proxied.file("big.csv").orElseThrow();
            proxy.cutAfter(256 * 1024);
            IOException reset = catchThrowableOfType(IOException.class, () -> {
                try (InputStream in = proxied.open(file, 0)) {
                    in.readAllBytes();
                }
            });

            assertThat(reset).hasMessageStartingWith("the read of s3://" + bucket + "/" + prefix + "big.csv failed "
                    + "after ").hasMessageContaining(" of 1048576 bytes: ");
        }
    }

    @Test
    void aThrottlingServerIsAskedAFewTimesWithBackoffThenNamedAsThrottling() throws Exception {
        try (RefusingEndpoint throttling = RefusingEndpoint.throttling();
             S3Storage throttled = S3Storage.of(connection(throttling.endpoint(), S3ProxyProcess.SECRET),
                     attempts(3));
             S3Storage once = S3Storage.of(connection(throttling.endpoint(), S3ProxyProcess.SECRET), attempts(1))) {
            long started = System.nanoTime();
            Throwable listing = catchThrowable(() -> throttled.folder("crm"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            int listings = throttling.requests();
            // a HEAD answer has no body: its code is learnt from a listing of the key
            Throwable describing = catchThrowable(() -> once.file("crm/members.csv"));

            assertThat(listings).isEqualTo(3);
            assertThat(took).isLessThan(Duration.ofSeconds(15));
            assertThat(listing).isInstanceOfSatisfying(SourceException.class, failure -> {
                assertThat(failure.kind()).isEqualTo(SourceException.Kind.STORAGE_FAILURE);
                assertThat(failure.getMessage()).isEqualTo("s3://" + bucket + "/" + prefix + " at "
                        + throttling.endpoint() + ": throttled the requests, still after 3 attempts, while listing "
                        + "'crm' (SlowDown, HTTP 503)");
            });
            assertThat(describing).hasMessageEndingWith(": throttled the requests, still after 1 attempt, while "
                    + "describing 'crm/members.csv' (SlowDown, HTTP 503)");
        }
    }

    private static S3Limits attempts(int attempts) {
        return new S3Limits(Duration.ofSeconds(5), Duration.ofSeconds(30), attempts, 1000);
    }

    @Test
    void aServerThatNeverAnswersFailsWithinTheReadTimeout() throws Exception {
        S3Limits impatient = new S3Limits(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1000);
        try (SilentEndpoint silent = new SilentEndpoint();
             S3Storage waiting = S3Storage.of(connection(silent.endpoint(), S3ProxyProcess.SECRET), impatient)) {
            long started = System.nanoTime();
            Throwable listing = catchThrowable(() -> waiting.folder("crm"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(listing).isInstanceOf(SourceException.class)
                    .hasMessageContaining(": did not answer in time while listing 'crm' (SocketTimeoutException")
                    .hasMessageContaining("2 attempts");
        }
    }

    @Test
    void noFailureNorDescriptionShowsTheSecret() throws Exception {
        String wrong = "wrong-secret-" + UUID.randomUUID();
        put("crm/members.csv", text("email\n"));
        SourceFile listed = storage.file("crm/members.csv").orElseThrow();
        try (S3Storage refused = S3Storage.of(connection(server.endpoint(), wrong));
             S3Storage missing = S3Storage.of(S3Connection.compatible(server.endpoint(), "no-such-bucket", prefix,
                     S3Credentials.of(S3ProxyProcess.ACCESS_KEY_ID, S3ProxyProcess.SECRET)));
             S3Storage unreachable = S3Storage.of(connection(URI.create("http://127.0.0.1:"
                     + S3ProxyProcess.freePort()), S3ProxyProcess.SECRET));
             RefusingEndpoint throttling = RefusingEndpoint.throttling();
             S3Storage throttled = S3Storage.of(connection(throttling.endpoint(), S3ProxyProcess.SECRET),
                     attempts(1))) {
            List<Throwable> failures = List.of(
                    catchThrowable(() -> refused.file("crm/members.csv")),
                    catchThrowable(() -> refused.folder("crm")),
                    catchThrowable(() -> refused.open(listed, 0)),
                    catchThrowable(() -> missing.file("crm/members.csv")),
                    catchThrowable(() -> missing.folder("crm")),
                    catchThrowable(() -> unreachable.folder("crm")),
                    catchThrowable(() -> throttled.open(listed, 1)));

            for (Throwable failure : failures) {
                assertThat(failure).isInstanceOf(SourceException.class);
                for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                    assertThat(String.valueOf(cause)).doesNotContain(S3ProxyProcess.SECRET).doesNotContain(wrong);
                }
            }
            assertThat(failures.get(0)).hasMessageContaining("refused access key id '"
                    + S3ProxyProcess.ACCESS_KEY_ID + "'");
            assertThat(List.of(refused.toString(), refused.connection().toString(),
                    refused.connection().credentials().toString()))
                    .allSatisfy(shown -> assertThat(shown).doesNotContain(wrong)
                            .contains(S3ProxyProcess.ACCESS_KEY_ID));
        }
    }
}
