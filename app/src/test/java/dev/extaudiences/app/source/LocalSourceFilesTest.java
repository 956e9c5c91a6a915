package dev.extaudiences.app.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.extaudiences.adapter.csv.FastCsvDecoder;
import dev.extaudiences.adapter.files.DirectoryLandingZone;
import dev.extaudiences.adapter.files.DirectoryStorage;
import dev.extaudiences.core.service.StoredSourceFiles;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceCheck;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourcePath;
import dev.extaudiences.core.source.SourceRecord;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.TenantScope;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSourceFilesTest {

    private static final TenantScope SCOPE = TenantScope.of("1234@AdobeOrg", "prod");
    private static final ConnectionId MOUNTED = new ConnectionId("mounted-bucket");

    @TempDir
    Path temp;
    Path landing;
    Path bucket;
    LocalSourceFiles files;

    @BeforeEach
    void setUp() throws IOException {
        landing = Files.createDirectories(temp.resolve("landing"));
        bucket = Files.createDirectories(temp.resolve("bucket"));
        files = new LocalSourceFiles(landing, Map.of(MOUNTED, bucket));
    }

    private Path dlz(String relative, String content) throws IOException {
        Path file = files.landingDirectory(SCOPE).resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static SourceSpec spec(String path, SourceKind kind) {
        return SourceSpec.dlz(path, kind);
    }

    private List<SourceRecord> readAll(SourceSpec spec, SourceFile file, List<String> header) throws Exception {
        List<SourceRecord> rows = new ArrayList<>();
        try (RecordStream stream = files.open(SCOPE, spec, file)) {
            assertThat(stream.header()).isEqualTo(header);
            Optional<SourceRecord> row;
            while ((row = stream.next()).isPresent()) {
                rows.add(row.get());
            }
        }
        return rows;
    }

    @Test
    void aDlzFileIsListedWithItsModificationTimeAndReadAsCsv() throws Exception {
        Path file = dlz("crm/members.csv", "\uFEFFemail,tier,note\r\nada@example.com,gold,\"likes, commas\"\r\n"
                + "bob@example.com,silver,\"two\nlines\"\n\nlast@example.com,bronze,\"say \"\"hi\"\"\"\n");
        Instant modified = Instant.parse("2026-03-01T10:00:00Z");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        SourceSpec spec = spec("crm/members.csv", SourceKind.FILE);

        List<SourceFile> listed = files.list(SCOPE, spec);

        assertThat(listed).containsExactly(new SourceFile("crm/members.csv", modified, Files.size(file)));
        List<SourceRecord> rows = readAll(spec, listed.get(0), List.of("email", "tier", "note"));
        assertThat(rows).extracting(SourceRecord::values).containsExactly(
                List.of("ada@example.com", "gold", "likes, commas"),
                List.of("bob@example.com", "silver", "two\nlines"),
                List.of("last@example.com", "bronze", "say \"hi\""));
        assertThat(rows.get(0).line()).isEqualTo(2);
    }

    @Test
    void gzipFilesAreReadByTheirContentNotTheirName() throws Exception {
        Path file = files.landingDirectory(SCOPE).resolve("drops/members.csv.gz");
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("email,tier\nzed@example.com,gold\n".getBytes(StandardCharsets.UTF_8));
        }
        SourceSpec spec = spec("drops", SourceKind.FOLDER);

        List<SourceFile> listed = files.list(SCOPE, spec);

        assertThat(readAll(spec, listed.get(0), List.of("email", "tier"))).extracting(SourceRecord::values)
                .containsExactly(List.of("zed@example.com", "gold"));
    }

    @Test
    void aFolderListsItsFilesOnlyNotHiddenOnesNorSubfolders() throws Exception {
        dlz("drops/a.csv", "email\n");
        dlz("drops/b.csv", "email\n");
        dlz("drops/.uploading.csv", "email\n");
        dlz("drops/nested/c.csv", "email\n");

        assertThat(files.list(SCOPE, spec("drops", SourceKind.FOLDER))).extracting(SourceFile::path)
                .containsExactly("drops/a.csv", "drops/b.csv");
    }

    @Test
    void aMissingPathIsMissingAndMalformedCsvIsUnreadable() throws Exception {
        assertThat(catchThrowableOfType(SourceException.class, () -> files.list(SCOPE, spec("nope.csv", SourceKind.FILE)))
                .kind()).isEqualTo(SourceException.Kind.MISSING);
        assertThat(catchThrowableOfType(SourceException.class, () -> files.list(SCOPE, spec("nope", SourceKind.FOLDER)))
                .kind()).isEqualTo(SourceException.Kind.MISSING);
        dlz("bad.csv", "email,tier\n\"unterminated,gold\nnext,row\n");
        SourceSpec spec = spec("bad.csv", SourceKind.FILE);
        SourceFile file = files.list(SCOPE, spec).get(0);
        SourceException unreadable = catchThrowableOfType(SourceException.class, () -> readAll(spec, file,
                List.of("email", "tier")));
        assertThat(unreadable.kind()).isEqualTo(SourceException.Kind.UNREADABLE);
        assertThat(unreadable.getMessage()).contains("bad.csv");
        dlz("empty.csv", "");
        SourceSpec empty = spec("empty.csv", SourceKind.FILE);
        assertThat(catchThrowableOfType(SourceException.class, () -> files.open(SCOPE, empty,
                files.list(SCOPE, empty).get(0))).kind()).isEqualTo(SourceException.Kind.UNREADABLE);
    }

    @Test
    void pathsNeverLeaveTheirRoot() throws Exception {
        Path outside = Files.writeString(temp.resolve("secret.csv"), "email\nroot@example.com\n");
        Files.createDirectories(files.landingDirectory(SCOPE));
        Files.createSymbolicLink(files.landingDirectory(SCOPE).resolve("link.csv"), outside);
        Files.createDirectories(files.landingDirectory(SCOPE).resolve("drops"));
        Files.createSymbolicLink(files.landingDirectory(SCOPE).resolve("drops/inner-link.csv"), outside);
        dlz("drops/ok.csv", "email\n");

        assertThat(files.check(SCOPE, spec("link.csv", SourceKind.FILE))).isInstanceOf(SourceCheck.Escapes.class);
        // an absolute path never reaches a source: the domain refuses it when the audience is created
        assertThatThrownBy(() -> new SourcePath("/etc/passwd")).hasMessageContaining("not absolute");
        assertThat(files.list(SCOPE, spec("drops", SourceKind.FOLDER))).extracting(SourceFile::path)
                .containsExactly("drops/ok.csv");
        assertThat(files.check(SCOPE, spec("drops/ok.csv", SourceKind.FILE))).isInstanceOf(SourceCheck.Readable.class);
    }

    @Test
    void aLandingFolderThatIsALinkToAnotherOrgsFolderReadsNothingOfIt() throws Exception {
        TenantScope victim = TenantScope.of("99999@AdobeOrg", "secret");
        Path victims = Files.createDirectories(files.landingDirectory(victim));
        Files.writeString(victims.resolve("members.csv"), "email,tier\nvictim@secret.com,vip\n");
        // the attacker's sandbox folder, and another attacker's whole org folder, made links to the victim's
        TenantScope sandboxLink = TenantScope.of("1234@AdobeOrg", "evil");
        Files.createDirectories(files.landingDirectory(sandboxLink).getParent());
        Files.createSymbolicLink(files.landingDirectory(sandboxLink), victims);
        TenantScope orgLink = TenantScope.of("5555@AdobeOrg", "secret");
        Files.createSymbolicLink(files.landingDirectory(orgLink).getParent(), victims.getParent());

        for (TenantScope attacker : List.of(sandboxLink, orgLink)) {
            assertThat(files.check(attacker, spec("members.csv", SourceKind.FILE))).as(attacker.toString())
                    .isInstanceOf(SourceCheck.Escapes.class);
            assertThat(catchThrowableOfType(SourceException.class,
                    () -> files.list(attacker, spec("members.csv", SourceKind.FILE))).kind())
                    .isEqualTo(SourceException.Kind.MISSING);
            assertThat(catchThrowableOfType(SourceException.class,
                    () -> files.list(attacker, spec(".", SourceKind.FOLDER))).getMessage()).contains("outside");
            SourceFile listed = files.list(victim, spec("members.csv", SourceKind.FILE)).get(0);
            assertThat(catchThrowableOfType(SourceException.class,
                    () -> files.open(attacker, spec("members.csv", SourceKind.FILE), listed)).getMessage())
                    .contains("outside the source");
        }
        assertThat(files.check(victim, spec("members.csv", SourceKind.FILE))).isInstanceOf(SourceCheck.Readable.class);
    }

    @Test
    void anotherScopeHasItsOwnLandingZone() throws Exception {
        dlz("mine.csv", "email\n");
        TenantScope other = TenantScope.of("1234@AdobeOrg", "dev");

        assertThat(catchThrowableOfType(SourceException.class, () -> files.list(other, spec("mine.csv", SourceKind.FILE)))
                .kind()).isEqualTo(SourceException.Kind.MISSING);
        assertThat(files.landingDirectory(TenantScope.of("a/../b", "x"))).startsWithRaw(landing);
    }

    @Test
    void directoryConnectionsAreReadableAndOtherStoragesAreNot() throws Exception {
        Files.writeString(bucket.resolve("gold.csv"), "email\nada@example.com\n");
        SourceSpec mounted = new SourceSpec(new SourcePath("gold.csv"), SourceKind.FILE, Optional.empty(), CloudType.S3,
                Optional.of(MOUNTED));
        SourceSpec realS3 = new SourceSpec(new SourcePath("gold.csv"), SourceKind.FILE, Optional.empty(), CloudType.S3,
                Optional.of(new ConnectionId("real-s3")));
        SourceSpec azure = new SourceSpec(new SourcePath("gold.csv"), SourceKind.FILE, Optional.empty(),
                CloudType.AZURE, Optional.empty());

        assertThat(files.check(SCOPE, mounted)).isInstanceOf(SourceCheck.Readable.class);
        assertThat(files.list(SCOPE, mounted)).extracting(SourceFile::path).containsExactly("gold.csv");
        assertThat(files.check(SCOPE, realS3)).isInstanceOfSatisfying(SourceCheck.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("not available in this server"));
        assertThat(files.check(SCOPE, azure)).isInstanceOf(SourceCheck.Unavailable.class);
    }

    @Test
    void aConnectionClosedToAnOrgReadsNothingForItsAudiencesEvenOnesStoredBefore() throws Exception {
        Files.writeString(bucket.resolve("gold.csv"), "email\nada@example.com\n");
        Connection onlyOrg777 = new Connection(MOUNTED, CloudType.S3, new Connection.Reach.Orgs(Set.of("777@AdobeOrg")));
        StoredSourceFiles closed = new StoredSourceFiles(new DirectoryLandingZone(landing),
                List.of(new StoredSourceFiles.Connected(onlyOrg777, DirectoryStorage.of(bucket))),
                new FastCsvDecoder());
        SourceSpec mounted = new SourceSpec(new SourcePath("gold.csv"), SourceKind.FILE, Optional.empty(), CloudType.S3,
                Optional.of(MOUNTED));

        assertThat(closed.check(SCOPE, mounted)).isInstanceOf(SourceCheck.Unavailable.class);
        assertThat(catchThrowableOfType(SourceException.class, () -> closed.list(SCOPE, mounted)).getMessage())
                .contains("not available");
        assertThat(closed.list(TenantScope.of("777@AdobeOrg", "prod"), mounted)).hasSize(1);
    }
}
