package dev.extaudiences.app.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.ReadNotice;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceRecord;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.TenantScope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that change under a run: the stream that reads one says, once it is open and once its last row is read,
 * whether it is still what was listed, so that a truncated or rewritten file never passes for a whole one. The
 * changes are made at chosen points of the reading (after so many rows), not raced against it.
 */
class ChangingFilesTest {

    private static final TenantScope SCOPE = TenantScope.of("1234@AdobeOrg", "prod");
    private static final Instant LISTED_AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final int ROWS = 50_000; // several times what the reader buffers, so a cut lands ahead of it

    @TempDir
    Path temp;
    LocalSourceFiles files;
    Path file;
    SourceSpec spec = SourceSpec.dlz("crm/members.csv", SourceKind.FILE);

    @BeforeEach
    void setUp() throws IOException {
        files = new LocalSourceFiles(temp, Map.of());
        file = files.landingDirectory(SCOPE).resolve("crm/members.csv");
        Files.createDirectories(file.getParent());
    }

    private void write(byte[] content) throws IOException {
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(LISTED_AT));
    }

    private static byte[] csv(int rows, String prefix) {
        StringBuilder text = new StringBuilder("email,tier\n");
        for (int i = 0; i < rows; i++) {
            text.append(prefix).append(i).append("@example.com,gold\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private SourceFile listed() throws SourceException {
        return files.list(SCOPE, spec).get(0);
    }

    /** Reads {@code before} rows, lets {@code change} act on the file, then reads the rest; the rows read in all. */
    private static long readChangingAfter(RecordStream stream, int before, FileChange change) throws Exception {
        long read = 0;
        Optional<SourceRecord> row;
        while ((row = stream.next()).isPresent()) {
            if (++read == before) {
                change.apply();
            }
        }
        return read;
    }

    @FunctionalInterface
    private interface FileChange {
        void apply() throws IOException;
    }

    @Test
    void anUntouchedFileIsUnchangedWhenOpenAndWhenRead() throws Exception {
        write(csv(1_000, "a"));
        try (RecordStream stream = files.open(SCOPE, spec, listed())) {
            assertThat(stream.state()).isEqualTo(new FileState.Unchanged());
            assertThat(readChangingAfter(stream, -1, () -> { })).isEqualTo(1_000);
            assertThat(stream.state()).isEqualTo(new FileState.Unchanged());
            assertThat(stream.notices()).isEmpty();
        }
    }

    @Test
    void aFileTruncatedBetweenListingAndOpeningIsChangedOnceOpen() throws Exception {
        write(csv(ROWS, "a"));
        SourceFile listed = listed();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(listed.sizeBytes() / 2);
        }
        Instant cutAt = LISTED_AT.plusSeconds(30);
        Files.setLastModifiedTime(file, FileTime.from(cutAt));

        try (RecordStream stream = files.open(SCOPE, spec, listed)) {
            assertThat(stream.state()).isEqualTo(new FileState.Changed(List.of(
                    new FileState.Difference.Size(listed.sizeBytes(), listed.sizeBytes() / 2),
                    new FileState.Difference.Modified(LISTED_AT, cutAt))));
        }
    }

    @Test
    void aFileRewrittenInPlaceBetweenListingAndOpeningIsChangedOnceOpen() throws Exception {
        write(csv(ROWS, "a"));
        SourceFile listed = listed();
        byte[] rewritten = csv(ROWS / 10, "b");
        try (RandomAccessFile inPlace = new RandomAccessFile(file.toFile(), "rw")) {
            inPlace.setLength(0);
            inPlace.write(rewritten);
        }

        try (RecordStream stream = files.open(SCOPE, spec, listed)) {
            assertThat(stream.state()).isInstanceOfSatisfying(FileState.Changed.class, changed -> assertThat(
                    changed.differences()).contains(new FileState.Difference.Size(listed.sizeBytes(),
                    rewritten.length)));
        }
    }

    @Test
    void aFileTruncatedToHalfWhileReadEndsEarlyAndIsChanged() throws Exception {
        write(csv(ROWS, "a"));
        SourceFile listed = listed();
        try (RecordStream stream = files.open(SCOPE, spec, listed)) {
            assertThat(stream.state()).isEqualTo(new FileState.Unchanged());

            long read = readChangingAfter(stream, 100, () -> {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(listed.sizeBytes() / 2);
                }
            });

            // what the incident saw: a well-formed end after about half of the rows, nothing to tell it by but this
            assertThat(read).isLessThan(ROWS);
            assertThat(stream.state()).isInstanceOfSatisfying(FileState.Changed.class, changed -> assertThat(
                    changed.differences()).contains(new FileState.Difference.Size(listed.sizeBytes(),
                    listed.sizeBytes() / 2)));
        }
    }

    @Test
    void aFileRewrittenInPlaceToTheSameSizeWhileReadIsChangedByItsModificationTime() throws Exception {
        write(csv(ROWS, "a"));
        SourceFile listed = listed();
        Instant rewrittenAt = LISTED_AT.plusSeconds(5);
        try (RecordStream stream = files.open(SCOPE, spec, listed)) {
            long read = readChangingAfter(stream, 100, () -> {
                // another export of the same length over the one being read: the rows read become a mix of two
                Files.write(file, csv(ROWS, "b"), StandardOpenOption.WRITE);
                Files.setLastModifiedTime(file, FileTime.from(rewrittenAt));
            });

            assertThat(read).isEqualTo(ROWS);
            assertThat(stream.state()).isEqualTo(new FileState.Changed(List.of(
                    new FileState.Difference.Modified(LISTED_AT, rewrittenAt))));
        }
    }

    @Test
    void aFileDeletedWhileReadIsGone() throws Exception {
        write(csv(1_000, "a"));
        try (RecordStream stream = files.open(SCOPE, spec, listed())) {
            readChangingAfter(stream, 10, () -> Files.delete(file));

            assertThat(stream.state()).isEqualTo(new FileState.Gone());
        }
    }

    @Test
    void aTruncatedGzipFileFailsSayingSo() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(zipped)) {
            out.write(csv(ROWS, "a"));
        }
        byte[] whole = zipped.toByteArray();
        write(Arrays.copyOf(whole, whole.length / 2));

        try (RecordStream stream = files.open(SCOPE, spec, listed())) {
            SourceException cut = catchThrowableOfType(SourceException.class,
                    () -> readChangingAfter(stream, -1, () -> { }));

            assertThat(cut.kind()).isEqualTo(SourceException.Kind.UNREADABLE);
            assertThat(cut.getMessage()).startsWith("crm/members.csv is a truncated gzip file");
        }
    }

    @Test
    void aLastLineWithoutItsLineEndIsNoticedWhenTheLinesBeforeItHaveOne() throws Exception {
        write("email,tier\r\nada@example.com,gold\r\nbob@example.com,ne".getBytes(StandardCharsets.UTF_8));
        try (RecordStream stream = files.open(SCOPE, spec, listed())) {
            assertThat(stream.notices()).as("not known before the end").isEmpty();
            assertThat(readChangingAfter(stream, -1, () -> { })).isEqualTo(2);
            assertThat(stream.notices()).containsExactly(new ReadNotice.UnterminatedLastLine(3));
        }
    }

    @Test
    void aFileOfOneLineOrEndingInALineEndGivesNoNotice() throws Exception {
        for (String content : List.of("email,tier", "email,tier\nada@example.com,gold\n",
                "email,tier\rada@example.com,gold\r", "email,tier\nada@example.com,gold\n\n")) {
            write(content.getBytes(StandardCharsets.UTF_8));
            try (RecordStream stream = files.open(SCOPE, spec, listed())) {
                readChangingAfter(stream, -1, () -> { });
                assertThat(stream.notices()).as(content).isEmpty();
            }
        }
    }
}
