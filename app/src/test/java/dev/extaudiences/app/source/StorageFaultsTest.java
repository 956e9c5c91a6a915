package dev.extaudiences.app.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.extaudiences.adapter.csv.FastCsvDecoder;
import dev.extaudiences.adapter.files.DirectoryStorage;
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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run meets when its storage fails under it, whatever the protocol: a read dropped in the middle of a file is
 * resumed where it stopped (the rows come out whole, once each), a storage that keeps failing fails the read naming
 * the connection, a file rewritten between a drop and its resume is never spliced, and a listing that fails for a
 * moment is asked again. The storage is a real directory whose streams and listings fail at chosen points.
 */
class StorageFaultsTest {

    private static final TenantScope SCOPE = TenantScope.of("1234@AdobeOrg", "prod");
    private static final ConnectionId GOLD = new ConnectionId("gold");
    private static final SourceSpec SPEC = new SourceSpec(new SourcePath("crm/members.csv"), SourceKind.FILE,
            Optional.empty(), CloudType.S3, Optional.of(GOLD));
    private static final int ROWS = 50_000;
    private static final Backoff NO_WAITING = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1),
            Duration.ofMillis(20), pause -> { });

    @TempDir
    Path bucket;
    Path file;
    FailingStorage storage;
    StoredSourceFiles files;

    @BeforeEach
    void setUp() throws IOException {
        file = Files.createDirectories(bucket.resolve("crm")).resolve("members.csv");
        Files.write(file, csv("a"));
        storage = new FailingStorage(DirectoryStorage.of(bucket));
        files = new StoredSourceFiles(scope -> {
            throw new AssertionError("no landing zone here");
        }, List.of(new StoredSourceFiles.Connected(new Connection(GOLD, CloudType.S3), storage)),
                new FastCsvDecoder(), NO_WAITING);
    }

    private static byte[] csv(String prefix) {
        StringBuilder text = new StringBuilder("email,tier\n");
        for (int i = 0; i < ROWS; i++) {
            text.append(prefix).append(i).append("@example.com,gold\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> emails(RecordStream stream) throws SourceException {
        List<String> emails = new ArrayList<>();
        Optional<SourceRecord> row;
        while ((row = stream.next()).isPresent()) {
            emails.add(row.get().values().get(0));
        }
        return emails;
    }

    @Test
    void aReadDroppedInTheMiddleIsResumedWhereItStoppedAndEveryRowComesOnce() throws Exception {
        storage.dropReadsAfter(200_000, 3);
        SourceFile listed = files.list(SCOPE, SPEC).get(0);

        try (RecordStream stream = files.open(SCOPE, SPEC, listed)) {
            List<String> emails = emails(stream);

            assertThat(emails).hasSize(ROWS).doesNotHaveDuplicates();
            assertThat(emails.get(ROWS - 1)).isEqualTo("a" + (ROWS - 1) + "@example.com");
            assertThat(stream.state()).isEqualTo(new FileState.Unchanged());
        }
        assertThat(storage.opens).hasValue(4);
        assertThat(storage.drops).hasValue(3);
    }

    @Test
    void aStorageThatKeepsDroppingFailsTheReadAsTheStoragesNamingTheConnection() throws Exception {
        storage.dropReadsAfter(100_000, Integer.MAX_VALUE);
        SourceFile listed = files.list(SCOPE, SPEC).get(0);

        try (RecordStream stream = files.open(SCOPE, SPEC, listed)) {
            SourceException failed = catchThrowableOfType(SourceException.class, () -> emails(stream));

            assertThat(failed.kind()).isEqualTo(SourceException.Kind.STORAGE_FAILURE);
            assertThat(failed.getMessage()).startsWith("the S3 connection 'gold' failed while reading "
                    + "'crm/members.csv'").contains("resumed").contains("connection reset");
        }
    }

    @Test
    void aFileRewrittenBetweenADropAndItsResumeIsNeverSpliced() throws Exception {
        SourceFile listed = files.list(SCOPE, SPEC).get(0);
        storage.dropReadsAfter(100_000, 1, () -> Files.write(file, csv("b-rewritten-")));

        try (RecordStream stream = files.open(SCOPE, SPEC, listed)) {
            SourceException failed = catchThrowableOfType(SourceException.class, () -> emails(stream));

            assertThat(failed).isNotNull();
            assertThat(stream.state()).isInstanceOf(FileState.Changed.class);
        }
        assertThat(storage.opens).as("not opened again once changed").hasValue(1);
    }

    @Test
    void aListingThatFailsForAMomentIsAskedAgainAndOneThatKeepsFailingNamesTheConnection() throws Exception {
        storage.failDescriptions(2);
        assertThat(files.list(SCOPE, SPEC)).hasSize(1);

        storage.failDescriptions(Integer.MAX_VALUE);
        SourceException failed = catchThrowableOfType(SourceException.class, () -> files.list(SCOPE, SPEC));
        assertThat(failed.kind()).isEqualTo(SourceException.Kind.STORAGE_FAILURE);
        assertThat(failed.getMessage()).isEqualTo("the S3 connection 'gold' failed while describing "
                + "'crm/members.csv': the storage is throttling (SlowDown)");
    }

    @Test
    void aMissingFileIsNotRetriedAndSaysWhatIsMissing() {
        SourceSpec missing = new SourceSpec(new SourcePath("crm/nope.csv"), SourceKind.FILE, Optional.empty(),
                CloudType.S3, Optional.of(GOLD));

        SourceException failed = catchThrowableOfType(SourceException.class, () -> files.list(SCOPE, missing));

        assertThat(failed.kind()).isEqualTo(SourceException.Kind.MISSING);
        assertThat(failed.getMessage()).isEqualTo("file 'crm/nope.csv' does not exist in the source");
    }

    /** A directory whose streams drop after so many bytes, and whose descriptions fail, as often as told. */
    private static final class FailingStorage implements SourceStorage {
        private final SourceStorage directory;
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger drops = new AtomicInteger();
        private volatile long dropAfter = Long.MAX_VALUE;
        private volatile int dropsLeft;
        private volatile Change onDrop = () -> { };
        private final AtomicInteger descriptionFailures = new AtomicInteger();

        @FunctionalInterface
        interface Change {
            void apply() throws IOException;
        }

        FailingStorage(SourceStorage directory) {
            this.directory = directory;
        }

        void dropReadsAfter(long bytes, int times) {
            dropReadsAfter(bytes, times, () -> { });
        }

        void dropReadsAfter(long bytes, int times, Change change) {
            dropAfter = bytes;
            dropsLeft = times;
            onDrop = change;
        }

        void failDescriptions(int times) {
            descriptionFailures.set(times);
        }

        @Override
        public Optional<String> escapes(String path) {
            return directory.escapes(path);
        }

        @Override
        public Optional<SourceFile> file(String path) throws SourceException {
            if (descriptionFailures.getAndUpdate(left -> left == Integer.MAX_VALUE ? left : Math.max(0, left - 1))
                    > 0) {
                throw new SourceException(SourceException.Kind.STORAGE_FAILURE, "the storage is throttling (SlowDown)");
            }
            return directory.file(path);
        }

        @Override
        public Optional<List<SourceFile>> folder(String path) throws SourceException {
            return directory.folder(path);
        }

        @Override
        public InputStream open(SourceFile file, long offset) throws SourceException {
            opens.incrementAndGet();
            InputStream in = directory.open(file, offset);
            return new FilterInputStream(in) {
                private long position = offset;

                @Override
                public int read(byte[] buffer, int from, int length) throws IOException {
                    if (dropsLeft > 0 && position >= dropAfter * (drops.get() + 1)) {
                        dropsLeft--;
                        drops.incrementAndGet();
                        onDrop.apply();
                        throw new IOException("connection reset");
                    }
                    int read = super.read(buffer, from, length);
                    if (read > 0) {
                        position += read;
                    }
                    return read;
                }
            };
        }
    }
}
