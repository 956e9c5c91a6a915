package dev.extaudiences.app.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.extaudiences.adapter.csv.FastCsvDecoder;
import dev.extaudiences.adapter.files.DirectoryLandingZone;
import dev.extaudiences.adapter.memory.InMemoryStores;
import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudienceName;
import dev.extaudiences.core.audience.AudienceNamespace;
import dev.extaudiences.core.audience.AudienceType;
import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.audience.Labels;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.audience.OriginName;
import dev.extaudiences.core.audience.ProfileIngestion;
import dev.extaudiences.core.audience.Tags;
import dev.extaudiences.core.audience.Ttl;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.service.StoredSourceFiles;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.core.upload.LandingUpload;
import dev.extaudiences.testkit.Property;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * Whatever path an upload names, built from the parts that lead out of a folder ({@code ..}, {@code .}, empty parts,
 * backslashes, a drive, an absolute start, escapes), the file lands directly inside the audience's folder of the
 * caller's landing folder, or nowhere: through the whole domain, over the in-memory stores and the real landing zone.
 */
class UploadPathPropertyTest {

    private static final List<String> PARTS = List.of("..", ".", "", "drops", "a.csv", ".hidden", "%2e%2e", "..\\..",
            "C:", "x y", "5678@AdobeOrg", "prod", "\u0000", "..%2F");

    @TempDir
    Path data;

    private static Gen<String> paths() {
        // half the paths start inside the folder, where a refusal must come from what follows
        Gen<String> start = arbitrary().pick(List.of("", "/", "drops/", "drops/", "drops/", "drops/"));
        return lists().of(arbitrary().pick(PARTS)).ofSizeBetween(1, 4)
                .zip(start, (parts, prefix) -> prefix + String.join("/", parts));
    }

    @Test
    void anUploadLandsDirectlyInsideTheAudiencesFolderOfTheCallersScopeOrNowhere() {
        Path landing = data.resolve("landing");
        DirectoryLandingZone zone = new DirectoryLandingZone(landing);
        TenantScope scope = new TenantScope("1234@AdobeOrg", "prod");
        Path folder = zone.directory(scope).resolve("drops");
        try (ExternalAudiences domain = ExternalAudiences.builder(InMemoryStores.create())
                .sourceFiles(new StoredSourceFiles(zone, List.of(), new FastCsvDecoder()))
                .landingUploads(zone).completeOperationsOn(Runnable::run).build()) {
            Operation accepted = domain.create(new Caller(scope, new UserId("alice")), new NewAudience(
                    new AudienceName("drops"), Optional.empty(), Optional.empty(), new Fields(List.of(new Field(
                    new FieldName("email"), FieldType.STRING, Optional.of(new IdentityNamespace("email")),
                    Labels.NONE))), SourceSpecRequest.dlz("drops", SourceKind.FOLDER), Ttl.ofDays(30),
                    AudienceType.PEOPLE, OriginName.CUSTOM_UPLOAD, AudienceNamespace.DEFAULT, Labels.NONE, Tags.NONE,
                    ProfileIngestion.ENABLED));
            AudienceId audience = domain.operation(scope, accepted.id()).audienceId().orElseThrow();
            Property.forAll(500, paths(), path -> {
                List<Path> before = files(landing);
                Throwable refused = catchThrowable(() -> domain.upload(new Caller(scope, new UserId("alice")),
                        audience, new LandingUpload(Optional.of(path), new ByteArrayInputStream(
                                "email\na@example.com\n".getBytes(StandardCharsets.UTF_8)))));
                List<Path> after = files(landing);
                if (refused != null) {
                    assertThat(refused).as(path).isInstanceOf(DomainException.class);
                    assertThat(((DomainException) refused).error()).as(path).isInstanceOfSatisfying(
                            DomainError.Invalid.class, invalid -> assertThat(invalid.field()).isEqualTo("path"));
                    assertThat(after).as("nothing written for '%s'", path).isEqualTo(before);
                } else {
                    Path written = zone.directory(scope).resolve(path).normalize();
                    assertThat(written.getParent()).as(path).isEqualTo(folder);
                    assertThat(after).as(path).contains(written).allMatch(file -> file.getParent().equals(folder));
                }
            });
        }
    }

    private static List<Path> files(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
