package dev.extaudiences.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.testkit.source.CuttingProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SourceStorage} guarantees, whatever its protocol: a directory, an S3 bucket, an Azure container,
 * an SFTP server. A storage adapter proves itself by extending this class with {@link #newPlace()}, giving a fresh,
 * empty place of a real server of its protocol (started by its own test, never a mock) and the means to put files in
 * it. A remote storage also gives its {@link Faults}, which the fault rules need; a storage without them (a local
 * directory) skips those rules. Rule ids are stable: SRC-nn.
 */
public abstract class SourceStorageContract {

    /** A fresh, empty place of a storage, and how a test puts files where the storage reads. */
    public interface Place extends AutoCloseable {

        /** The storage under test, rooted at this place. */
        SourceStorage storage();

        /** Writes a whole file at {@code path} (relative to the root), creating its folders as the protocol needs. */
        void put(String path, byte[] content) throws Exception;

        /** Removes the file at {@code path}. */
        void delete(String path) throws Exception;

        /** The faults a remote storage can meet, for the rules that need them; empty for a local one. */
        default Optional<Faults> faults() {
            return Optional.empty();
        }

        @Override
        default void close() throws Exception {
        }
    }

    /** Storages of the same place that meet one fault each. */
    public interface Faults {

        /** The secret the working storage authenticates with: no failure's message may show it. */
        String secret();

        /** The same place, with a credential the server refuses (whose secret no message may show either). */
        SourceStorage withWrongCredentials();

        /** The secret of {@link #withWrongCredentials()}. */
        String wrongSecret();

        /** A place on the same server that is not there: a missing bucket, container or root directory. */
        SourceStorage ofMissingPlace();

        /** The same place on an endpoint nothing listens on. */
        SourceStorage unreachable();

        /** Where the protocol server listens, for a proxy to stand in front of it. */
        InetSocketAddress server();

        /** The same place, reached through {@code proxy} instead of the server's own address. */
        SourceStorage through(InetSocketAddress proxy);
    }

    /** A fresh, empty place; closed after each rule. */
    protected abstract Place newPlace() throws Exception;

    /** How many files a folder needs to be listed in more than one page (a storage may list fewer per page). */
    protected int filesForMoreThanOnePage() {
        return 1001;
    }

    private Place place;

    @BeforeEach
    void openPlace() throws Exception {
        place = newPlace();
    }

    @AfterEach
    void closePlace() throws Exception {
        place.close();
    }

    private SourceStorage storage() {
        return place.storage();
    }

    private static byte[] text(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * Closes a stream whose connection was cut, which may fail: only the read must have failed, since a reader that
     * meets a clean end of stream takes the file for whole and no longer hears of a failure on close.
     */
    private static void closeAfterCut(InputStream in) {
        try {
            in.close();
        } catch (IOException dropped) {
            // the read failed before, or SRC-13 fails for it
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private SourceFile described(String path) throws SourceException {
        return storage().file(path).orElseThrow(() -> new AssertionError("no file at '" + path + "'"));
    }

    private List<String> folderPaths(String path) throws SourceException {
        return storage().folder(path).orElseThrow(() -> new AssertionError("no folder at '" + path + "'")).stream()
                .map(SourceFile::path).toList();
    }

    @Test
    @DisplayName("SRC-01: a file put is described by its path from the root, its size, and a modification time of when it was put")
    void src01_describesAFile() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);
        place.put("crm/members.csv", text("email\nada@example.com\n"));
        Instant after = Instant.now().plusSeconds(2);

        SourceFile file = described("crm/members.csv");

        assertThat(file.path()).isEqualTo("crm/members.csv");
        assertThat(file.sizeBytes()).isEqualTo(22);
        assertThat(file.modifiedAt()).isBetween(before, after);
        assertThat(file.name()).isEqualTo("members.csv");
    }

    @Test
    @DisplayName("SRC-02: a file reads back byte for byte, from its start or from any offset")
    void src02_readsBackExactly() throws Exception {
        byte[] content = randomBytes(3 * 1024 * 1024 + 17, 2);
        place.put("big.csv.gz", content);
        SourceFile file = described("big.csv.gz");

        assertThat(readAll(storage().open(file, 0))).isEqualTo(content);
        int offset = 1024 * 1024 + 5;
        assertThat(readAll(storage().open(file, offset))).isEqualTo(Arrays.copyOfRange(content, offset,
                content.length));
        assertThat(readAll(storage().open(file, content.length))).isEmpty();
    }

    @Test
    @DisplayName("SRC-03: where no file is, none is described: a missing path, a folder, a deleted file")
    void src03_noFileWhereNoneIs() throws Exception {
        place.put("drops/a.csv", text("email\n"));
        place.put("gone.csv", text("email\n"));
        place.delete("gone.csv");

        assertThat(storage().file("nope.csv")).isEmpty();
        assertThat(storage().file("drops")).isEmpty();
        assertThat(storage().file("drops/nope.csv")).isEmpty();
        assertThat(storage().file("gone.csv")).isEmpty();
    }

    @Test
    @DisplayName("SRC-04: a folder lists the files directly in it, by path: not its sub-folders' files, not hidden ones")
    void src04_listsAFolder() throws Exception {
        place.put("drops/b.csv", text("email\n"));
        place.put("drops/a.csv", text("email\n"));
        place.put("drops/.uploading.csv", text("email\n"));
        place.put("drops/nested/c.csv", text("email\n"));
        place.put("dropsy/d.csv", text("email\n"));
        place.put("top.csv", text("email\n"));

        assertThat(folderPaths("drops")).containsExactly("drops/a.csv", "drops/b.csv");
        assertThat(folderPaths("drops/nested")).containsExactly("drops/nested/c.csv");
        assertThat(folderPaths("")).containsExactly("top.csv");
        assertThat(storage().folder("drops").orElseThrow().get(0)).isEqualTo(described("drops/a.csv"));
    }

    @Test
    @DisplayName("SRC-05: a folder of more files than one page of listing lists every one of them")
    void src05_listsEveryPage() throws Exception {
        int count = filesForMoreThanOnePage();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String path = String.format("many/part-%05d.csv", i);
            place.put(path, text("email\n"));
            expected.add(path);
        }

        assertThat(folderPaths("many")).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("SRC-06: a folder that is not there is none; a file is not a folder")
    void src06_noFolderWhereNoneIs() throws Exception {
        place.put("drops/a.csv", text("email\n"));

        assertThat(storage().folder("nope")).isEmpty();
        assertThat(storage().folder("drops/a.csv")).isEmpty();
        assertThat(storage().folder("drop")).isEmpty();
    }

    @Test
    @DisplayName("SRC-07: a file rewritten is described as changed from its earlier description")
    void src07_tellsARewrite() throws Exception {
        place.put("crm/members.csv", text("email\nada@example.com\n"));
        SourceFile listed = described("crm/members.csv");
        place.put("crm/members.csv", text("email\nada@example.com\nbob@example.com\n"));

        assertThat(FileState.compare(listed, described("crm/members.csv"))).isInstanceOf(FileState.Changed.class);
        assertThat(FileState.compare(listed, listed)).isInstanceOf(FileState.Unchanged.class);
    }

    @Test
    @DisplayName("SRC-08: paths of any characters a source path may hold are read as named (UTF-8, punctuation)")
    void src08_namesAsTheyAre() throws Exception {
        String path = "données/été+2026_(v1)&co;=%41.csv";
        place.put(path, text("email\n"));

        assertThat(folderPaths("données")).containsExactly(path);
        assertThat(readAll(storage().open(described(path), 0))).isEqualTo(text("email\n"));
    }

    @Test
    @DisplayName("SRC-09: an ordinary path does not escape the root, and asking says so without a server")
    void src09_ordinaryPathsDoNotEscape() {
        assertThat(storage().escapes("crm/members.csv")).isEmpty();
        assertThat(storage().escapes("")).isEmpty();
    }

    @Test
    @DisplayName("SRC-14: a storage that versions its files never serves another version than the one listed: a file rewritten since is refused when opened or read")
    void src14_servesTheListedVersionOnly() throws Exception {
        place.put("crm/members.csv", text("email\nada@example.com\n"));
        SourceFile listed = described("crm/members.csv");
        assumeTrue(listed.version().isPresent(), "a storage without versions is told a rewrite by its description");
        place.put("crm/members.csv", text("email\nbob@example.com\n"));

        Throwable refused = catchThrowable(() -> readAll(storage().open(listed, 0)));

        // refused when opened (MISSING), or when its first bytes are asked for: either way never read as listed
        assertThat(refused).as("the rewritten file was served as the listed one").isNotNull();
        if (refused instanceof SourceException missing) {
            assertThat(missing.kind()).as(missing.getMessage()).isEqualTo(SourceException.Kind.MISSING);
        } else {
            assertThat(refused).isInstanceOf(IOException.class);
        }
    }

    private Faults faults() {
        Optional<Faults> faults = place.faults();
        assumeTrue(faults.isPresent(), "a local storage meets none of the remote faults");
        return faults.get();
    }

    private static void assertStorageFailure(Throwable thrown, Faults faults, String what) {
        assertThat(thrown).as(what).isInstanceOf(SourceException.class);
        SourceException failure = (SourceException) thrown;
        assertThat(failure.kind()).as(what + ": " + failure.getMessage()).isEqualTo(SourceException.Kind.STORAGE_FAILURE);
        assertThat(failure.getMessage()).as(what).isNotBlank().doesNotContain(faults.secret())
                .doesNotContain(faults.wrongSecret());
    }

    @Test
    @DisplayName("SRC-10: a refused credential is a storage failure whose message shows no secret")
    void src10_wrongCredentials() throws Exception {
        Faults faults = faults();
        place.put("crm/members.csv", text("email\n"));
        SourceStorage refused = faults.withWrongCredentials();

        assertStorageFailure(catchThrowable(() -> refused.file("crm/members.csv")), faults, "describing");
        assertStorageFailure(catchThrowable(() -> refused.folder("crm")), faults, "listing");
    }

    @Test
    @DisplayName("SRC-11: a place that is not there (a missing bucket, container or root) is a storage failure, not an empty folder")
    void src11_missingPlace() {
        Faults faults = faults();
        SourceStorage missing = faults.ofMissingPlace();

        assertStorageFailure(catchThrowable(() -> missing.folder("crm")), faults, "listing");
        assertStorageFailure(catchThrowable(() -> missing.file("crm/members.csv")), faults, "describing");
    }

    @Test
    @DisplayName("SRC-12: an endpoint nothing listens on is a storage failure, soon, not a hang")
    void src12_unreachable() {
        Faults faults = faults();
        SourceStorage unreachable = faults.unreachable();

        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                assertStorageFailure(catchThrowable(() -> unreachable.folder("crm")), faults, "listing"));
    }

    @Test
    @DisplayName("SRC-13: a connection cut in the middle of a file fails the read with an IOException, never a short clean end; reading again from where it stopped gives the rest")
    void src13_cutMidRead() throws Exception {
        Faults faults = faults();
        byte[] content = randomBytes(4 * 1024 * 1024, 13);
        place.put("big.csv", content);
        try (CuttingProxy proxy = new CuttingProxy(faults.server())) {
            SourceStorage proxied = faults.through(proxy.address());
            SourceFile file = proxied.file("big.csv").orElseThrow();
            proxy.cutAfter(1024 * 1024);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = proxied.open(file, 0);
            IOException cut;
            try {
                cut = catchThrowableOfType(IOException.class, () -> {
                    byte[] buffer = new byte[64 * 1024];
                    int read;
                    while ((read = in.read(buffer)) != -1) {
                        received.write(buffer, 0, read);
                    }
                });
            } finally {
                closeAfterCut(in);
            }

            assertThat(proxy.cuts()).as("the proxy cut the read").isEqualTo(1);
            assertThat(cut).as("the read of %d of %d bytes failed", received.size(), content.length).isNotNull();
            assertThat(received.size()).isLessThan(content.length);
            assertThat(received.toByteArray()).isEqualTo(Arrays.copyOf(content, received.size()));
            assertThat(readAll(proxied.open(file, received.size())))
                    .isEqualTo(Arrays.copyOfRange(content, received.size(), content.length));
        }
    }
}
