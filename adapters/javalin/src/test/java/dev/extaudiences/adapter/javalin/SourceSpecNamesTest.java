package dev.extaudiences.adapter.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.source.SourceType;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract's names of a source spec's {@code cloudType}, {@code type} and {@code sourceType}: read in any case
 * and around blanks, written back as the contract spells them, in an operation's details and in an audience alike;
 * anything else is refused naming the field, in the words the conformance kit reads.
 */
class SourceSpecNamesTest {

    private static final TenantScope SCOPE = TenantScope.of("1234@AdobeOrg", "prod");
    private static final Stamp STAMP = new Stamp(new UserId("tester"), Instant.ofEpochSecond(1_700_000_000));
    private static final Map<String, CloudType> CLOUD_TYPES = names("S3", CloudType.S3, "DLZ", CloudType.DLZ,
            "GCS", CloudType.GCS, "Azure", CloudType.AZURE, "SFTP", CloudType.SFTP);
    private static final Map<String, SourceKind> KINDS = names("file", SourceKind.FILE, "folder", SourceKind.FOLDER);

    private final Wire wire = new Wire(new ObjectMapper());

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> names(Object... pairs) {
        Map<String, T> names = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            names.put((String) pairs[i], (T) pairs[i + 1]);
        }
        return names;
    }

    private static Bodies.CreateAudience body(String type, String sourceType, String cloudType) {
        return new Bodies.CreateAudience("Gold", null, null,
                List.of(new Bodies.FieldBody("email", "string", "email", null)),
                new Bodies.SourceSpec(null, "crm/members.csv", type, sourceType, cloudType, "gold"), null, null,
                "CUSTOM_UPLOAD", null, null, null, null);
    }

    private static List<String> spellings(String name) {
        return List.of(name, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT), "  " + name + " ");
    }

    /** The source spec as the answers write it: in the operation's details, and in the audience it makes. */
    private List<JsonNode> written(NewAudience request) {
        SourceSpec resolved = new SourceSpec(request.sourceSpec().path(), request.sourceSpec().kind(),
                request.sourceSpec().sourceType(), request.sourceSpec().cloudType().orElseThrow(),
                request.sourceSpec().baseConnectionId());
        return List.of(
                wire.accepted(Operation.start(new OperationId("op-1"), SCOPE, request, STAMP))
                        .get("operationDetails").get("sourceSpec"),
                wire.audience(Audience.create(new AudienceId("a-1"), SCOPE, request, resolved, STAMP))
                        .get("sourceSpec"));
    }

    private static DomainError.Invalid refusal(Bodies.CreateAudience body) {
        DomainException refused = catchThrowableOfType(DomainException.class, () -> Commands.newAudience(body));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.error()).isInstanceOf(DomainError.Invalid.class);
        return (DomainError.Invalid) refused.error();
    }

    @Test
    @DisplayName("every cloudType is read in any case and written back as the contract spells it")
    void cloudTypes() {
        CLOUD_TYPES.forEach((name, type) -> spellings(name).forEach(spelt -> {
            NewAudience request = Commands.newAudience(body("file", null, spelt));
            assertThat(request.sourceSpec().cloudType()).as(spelt).contains(type);
            assertThat(written(request)).as(spelt)
                    .allSatisfy(spec -> assertThat(spec.get("cloudType").asText()).isEqualTo(name));
        }));
    }

    @Test
    @DisplayName("a file and a folder are read in any case and written back in lower case")
    void sourceKinds() {
        KINDS.forEach((name, kind) -> spellings(name).forEach(spelt -> {
            NewAudience request = Commands.newAudience(body(spelt, null, "S3"));
            assertThat(request.sourceSpec().kind()).as(spelt).isEqualTo(kind);
            assertThat(written(request)).as(spelt)
                    .allSatisfy(spec -> assertThat(spec.get("type").asText()).isEqualTo(name));
        }));
    }

    @Test
    @DisplayName("sourceType is 'Cloud Storage' in any case, written back as such, and left out when not sent")
    void sourceTypes() {
        for (String spelt : spellings("Cloud Storage")) {
            NewAudience request = Commands.newAudience(body("file", spelt, "S3"));
            assertThat(request.sourceSpec().sourceType()).as(spelt).contains(SourceType.CLOUD_STORAGE);
            assertThat(written(request)).as(spelt)
                    .allSatisfy(spec -> assertThat(spec.get("sourceType").asText()).isEqualTo("Cloud Storage"));
        }
        NewAudience unsaid = Commands.newAudience(body("file", null, "S3"));
        assertThat(unsaid.sourceSpec().sourceType()).isEmpty();
        assertThat(written(unsaid)).allSatisfy(spec -> assertThat(spec.has("sourceType")).isFalse());
    }

    @Test
    @DisplayName("a cloudType, type or sourceType the contract does not name is refused on its field, in these words")
    void refusals() {
        Map<Bodies.CreateAudience, String> refused = new LinkedHashMap<>();
        refused.put(body("file", null, "FTP"), "sourceSpec.cloudType: 'FTP' is not one of S3, DLZ, GCS, Azure, SFTP");
        refused.put(body("file", null, "Cloud Storage"),
                "sourceSpec.cloudType: 'Cloud Storage' is not one of S3, DLZ, GCS, Azure, SFTP");
        refused.put(body("file", null, ""), "sourceSpec.cloudType: must not be blank");
        refused.put(body("file", null, "  "), "sourceSpec.cloudType: must not be blank");
        refused.put(body(null, null, "S3"), "sourceSpec.type: is required");
        refused.put(body(" ", null, "S3"), "sourceSpec.type: is required");
        refused.put(body("blob", null, "S3"), "sourceSpec.type: 'blob' is not one of file, folder");
        refused.put(body("files", null, "S3"), "sourceSpec.type: 'files' is not one of file, folder");
        refused.put(body("file", "Local", "S3"), "sourceSpec.sourceType: 'Local' is not 'Cloud Storage'");
        refused.put(body("file", "", "S3"), "sourceSpec.sourceType: '' is not 'Cloud Storage'");
        refused.put(body("file", "CloudStorage", "S3"),
                "sourceSpec.sourceType: 'CloudStorage' is not 'Cloud Storage'");
        refused.forEach((body, detail) -> assertThat(refusal(body).detail()).as(body.sourceSpec().toString())
                .isEqualTo(detail));
    }

    @Test
    @DisplayName("the type is judged before the sourceType, and the sourceType before the cloudType")
    void theFirstRefusedNameIsTheOneNamed() {
        assertThat(refusal(body("blob", "Local", "FTP")).field()).isEqualTo("sourceSpec.type");
        assertThat(refusal(body("file", "Local", "FTP")).field()).isEqualTo("sourceSpec.sourceType");
    }

    @Test
    @DisplayName("a cloudType that needs a connection is refused without one, naming it as the contract does")
    void aConnectionIsRequiredByName() {
        for (String name : List.of("S3", "GCS", "SFTP")) {
            Bodies.CreateAudience withoutConnection = new Bodies.CreateAudience("Gold", null, null,
                    List.of(new Bodies.FieldBody("email", "string", "email", null)),
                    new Bodies.SourceSpec(null, "crm/members.csv", "file", null, name.toLowerCase(Locale.ROOT), null),
                    null, null, "CUSTOM_UPLOAD", null, null, null, null);
            assertThat(refusal(withoutConnection).detail())
                    .isEqualTo("sourceSpec.baseConnectionId: is required when cloudType is " + name);
        }
    }
}
