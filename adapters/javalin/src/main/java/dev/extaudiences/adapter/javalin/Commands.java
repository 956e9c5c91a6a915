package dev.extaudiences.adapter.javalin;

import dev.extaudiences.core.audience.AudienceName;
import dev.extaudiences.core.audience.AudienceNamespace;
import dev.extaudiences.core.audience.AudienceType;
import dev.extaudiences.core.audience.CustomAudienceId;
import dev.extaudiences.core.audience.Description;
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
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Require;
import dev.extaudiences.core.run.RunEffect;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourcePath;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.source.SourceType;
import java.util.ArrayList;
import java.util.Arrays;
import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.identity.IdentityStorage;
import dev.extaudiences.core.identity.PhoneRegion;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns bodies into domain commands. The domain judges every value, in the constructors called here; this only
 * says where in the body a refused value was, when the domain cannot know it (the place of an element in a list).
 */
final class Commands {

    private Commands() {
    }

    static NewAudience newAudience(Bodies.CreateAudience body) {
        List<Bodies.FieldBody> fieldBodies = Require.present(body.fields(), "fields");
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < fieldBodies.size(); i++) {
            fields.add(field(fieldBodies.get(i), "fields[" + i + "]"));
        }
        Bodies.SourceParams source = Require.present(body.sourceSpec(), "sourceSpec").effective();
        SourceSpecRequest spec = new SourceSpecRequest(new SourcePath(source.path()), sourceKind(source.type()),
                Optional.ofNullable(source.sourceType()).map(Commands::sourceType),
                Optional.ofNullable(source.cloudType()).map(Commands::cloudType),
                Optional.ofNullable(source.baseConnectionId()).map(ConnectionId::new));
        return new NewAudience(new AudienceName(body.name()),
                Optional.ofNullable(body.description()).map(Description::new),
                Optional.ofNullable(body.customAudienceId()).map(CustomAudienceId::new), new Fields(fields), spec,
                body.ttlInDays() == null ? Ttl.DEFAULT : Ttl.ofDays(body.ttlInDays()),
                audienceType(body.audienceType()), originName(body.originName()),
                AudienceNamespace.parse(body.namespace()), Labels.parse(body.labels()), Tags.parse(body.tags()),
                body.profileIngestion() == null || body.profileIngestion() ? ProfileIngestion.ENABLED
                        : ProfileIngestion.DISABLED,
                new IdentityHandling(identityStorage(body.hashedAtRest()),
                        Optional.ofNullable(body.phoneRegion()).map(PhoneRegion::new)));
    }

    /** The extension property {@code hashedAtRest}: absent or false keeps identities as normalised. */
    static IdentityStorage identityStorage(Boolean hashedAtRest) {
        return hashedAtRest != null && hashedAtRest ? IdentityStorage.SHA256_OF_NORMALISED : IdentityStorage.NORMALISED;
    }

    /** One field; a refusal of one of its values names the field's place in the list ({@code fields[2].name}). */
    private static Field field(Bodies.FieldBody field, String place) {
        if (field == null) {
            throw ApiError.invalid(place, "must be an object {name, type, identityNs, labels}");
        }
        try {
            return new Field(new FieldName(field.name()), fieldType(field.type()),
                    Optional.ofNullable(field.identityNs()).map(IdentityNamespace::new), Labels.parse(field.labels()));
        } catch (DomainException refused) {
            throw refused.locatedAt("fields", place).locatedAt("labels", place + ".labels");
        }
    }

    /** A source spec's {@code type}, {@code file} or {@code folder} in any case. */
    private static SourceKind sourceKind(String raw) {
        if (raw == null || raw.isBlank()) {
            throw DomainException.invalid("sourceSpec.type", "is required");
        }
        return Arrays.stream(SourceKind.values())
                .filter(kind -> Wire.sourceKind(kind).equalsIgnoreCase(raw.trim()))
                .findFirst()
                .orElseThrow(() -> DomainException.invalid("sourceSpec.type", "'" + raw + "' is not one of "
                        + Arrays.stream(SourceKind.values()).map(Wire::sourceKind).collect(Collectors.joining(", "))));
    }

    /** A source spec's {@code sourceType}, when sent: {@code Cloud Storage} in any case. */
    private static SourceType sourceType(String raw) {
        if (Wire.sourceType(SourceType.CLOUD_STORAGE).equalsIgnoreCase(raw.trim())) {
            return SourceType.CLOUD_STORAGE;
        }
        throw DomainException.invalid("sourceSpec.sourceType", "'" + raw + "' is not '"
                + Wire.sourceType(SourceType.CLOUD_STORAGE) + "'");
    }

    /** A source spec's {@code cloudType}, when sent: one of the contract's names in any case. */
    private static CloudType cloudType(String raw) {
        if (raw.isBlank()) {
            throw DomainException.invalid("sourceSpec.cloudType", "must not be blank");
        }
        return Arrays.stream(CloudType.values())
                .filter(type -> Wire.cloudType(type).equalsIgnoreCase(raw.trim()))
                .findFirst()
                .orElseThrow(() -> DomainException.invalid("sourceSpec.cloudType", "'" + raw + "' is not one of "
                        + Arrays.stream(CloudType.values()).map(Wire::cloudType).collect(Collectors.joining(", "))));
    }

    /** A field's {@code type}, one of the contract's names in any case. */
    private static FieldType fieldType(String raw) {
        if (raw == null || raw.isBlank()) {
            throw DomainException.invalid("fields.type", "is required");
        }
        String wanted = raw.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(FieldType.values())
                .filter(type -> Wire.fieldType(type).equals(wanted))
                .findFirst()
                .orElseThrow(() -> DomainException.invalid("fields.type", "'" + raw + "' is not one of "
                        + Arrays.stream(FieldType.values()).map(Wire::fieldType).collect(Collectors.joining(", "))));
    }

    /** People, the contract's only audience type, when the request names none. */
    private static AudienceType audienceType(String raw) {
        if (raw == null || Wire.audienceType(AudienceType.PEOPLE).equalsIgnoreCase(raw.trim())) {
            return AudienceType.PEOPLE;
        }
        throw DomainException.invalid("audienceType", "'" + raw + "' is not supported; only 'people' is");
    }

    private static OriginName originName(String raw) {
        if (raw == null || raw.isBlank()) {
            throw DomainException.invalid("originName", "is required and must be CUSTOM_UPLOAD");
        }
        if (Wire.originName(OriginName.CUSTOM_UPLOAD).equals(raw.trim())) {
            return OriginName.CUSTOM_UPLOAD;
        }
        throw DomainException.invalid("originName", "'" + raw + "' is not supported; only CUSTOM_UPLOAD is");
    }

    static RunRequest runRequest(Bodies.StartRun body) {
        return RunRequest.ofEpochSeconds(body.dataFilterStartTime(), body.dataFilterEndTime(),
                body.differentialIngestion()).withEffect(Boolean.TRUE.equals(body.dryRun()) ? RunEffect.DRY_RUN
                : RunEffect.APPLY);
    }
}
