package dev.extaudiences.adapter.jdbi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
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
import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.identity.IdentityStorage;
import dev.extaudiences.core.identity.PhoneRegion;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.SourcePath;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Audiences and create requests to and from their stored JSON bodies (everything but the keys and the version). */
final class AudienceCodec {

    private AudienceCodec() {
    }

    static String encode(Audience audience) {
        ObjectNode body = Json.object();
        body.put("name", audience.name().value());
        Json.putOptional(body, "description", audience.description().map(Description::value));
        Json.putOptional(body, "customAudienceId", audience.customAudienceId().map(CustomAudienceId::value));
        body.set("fields", fields(audience.fields()));
        body.set("sourceSpec", sourceSpec(audience.sourceSpec()));
        body.put("ttlInDays", audience.ttl().days());
        body.put("audienceType", audience.audienceType().name());
        body.put("originName", audience.originName().name());
        body.put("namespace", audience.namespace().value());
        body.set("labels", Json.strings(audience.labels().asStrings()));
        body.set("tags", Json.strings(audience.tags().values()));
        body.put("profileIngestion", audience.profileIngestion().name());
        stamp(body, "created", audience.created());
        stamp(body, "updated", audience.updated());
        return Json.write(body);
    }

    /** The stored name of how an audience keeps identities at rest (column {@code identity_storage}, V5). */
    static String storageName(IdentityHandling handling) {
        return handling.storage() == IdentityStorage.SHA256_OF_NORMALISED ? "SHA256" : "NORMALISED";
    }

    /** The audience's phone region as stored (column {@code phone_region}), or null. */
    static String regionName(IdentityHandling handling) {
        return handling.phoneRegion().map(PhoneRegion::code).orElse(null);
    }

    static IdentityHandling identityHandling(String storage, String region) {
        IdentityStorage kept = switch (storage) {
            case "NORMALISED" -> IdentityStorage.NORMALISED;
            case "SHA256" -> IdentityStorage.SHA256_OF_NORMALISED;
            default -> throw new IllegalStateException("unknown stored identity storage '" + storage + "'");
        };
        return new IdentityHandling(kept, Optional.ofNullable(region).map(PhoneRegion::new));
    }

    /** An audience of a row without the V5 columns' values: identities kept as normalised, no region. */
    static Audience decode(TenantScope scope, String audienceId, long version, String text) {
        return decode(scope, audienceId, version, text, IdentityHandling.DEFAULT);
    }

    static Audience decode(TenantScope scope, String audienceId, long version, String text,
                           IdentityHandling identityHandling) {
        StoredAudience body = Json.bind(STORED_AUDIENCE, text);
        return new Audience(new AudienceId(audienceId), scope, new AudienceName(body.name()),
                Optional.ofNullable(body.description()).map(Description::new),
                Optional.ofNullable(body.customAudienceId()).map(CustomAudienceId::new),
                fields(body.fields()), sourceSpec(body.sourceSpec()),
                Ttl.ofDays(body.ttlInDays()), AudienceType.valueOf(body.audienceType()),
                OriginName.valueOf(body.originName()),
                new AudienceNamespace(body.namespace()), Labels.parse(Json.orEmpty(body.labels())),
                Tags.parse(Json.orEmpty(body.tags())), ProfileIngestion.valueOf(body.profileIngestion()),
                new Stamp(new UserId(body.createdBy()), Instant.ofEpochMilli(body.createdAt())),
                new Stamp(new UserId(body.updatedBy()), Instant.ofEpochMilli(body.updatedAt())), version,
                identityHandling);
    }

    /*
     * The stored bodies as they are read: bound into records rather than parsed into a tree, whose maps were most of
     * what decoding an audience or an operation cost in a flight recording of their reads. Written by the tree below.
     */

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredAudience(String name, String description, String customAudienceId, List<StoredField> fields,
                          StoredSource sourceSpec, int ttlInDays, String audienceType, String originName,
                          String namespace, List<String> labels, List<String> tags, String profileIngestion,
                          String createdBy, long createdAt, String updatedBy, long updatedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredRequest(String name, String description, String customAudienceId, List<StoredField> fields,
                         StoredSource sourceSpec, int ttlInDays, String audienceType, String originName,
                         String namespace, List<String> labels, List<String> tags, String profileIngestion,
                         String identityStorage, String phoneRegion) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredField(String name, String type, String identityNs, List<String> labels) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredSource(String path, String type, String sourceType, String cloudType, String baseConnectionId) {
    }

    private static final ObjectReader STORED_AUDIENCE = Json.MAPPER.readerFor(StoredAudience.class);

    static ObjectNode encodeRequest(NewAudience request) {
        ObjectNode body = Json.object();
        body.put("name", request.name().value());
        Json.putOptional(body, "description", request.description().map(Description::value));
        Json.putOptional(body, "customAudienceId", request.customAudienceId().map(CustomAudienceId::value));
        body.set("fields", fields(request.fields()));
        SourceSpecRequest spec = request.sourceSpec();
        ObjectNode source = Json.object();
        source.put("path", spec.path().value());
        source.put("type", StoredSourceNames.of(spec.kind()));
        Json.putOptional(source, "sourceType", spec.sourceType().map(StoredSourceNames::of));
        Json.putOptional(source, "cloudType", spec.cloudType().map(StoredSourceNames::of));
        Json.putOptional(source, "baseConnectionId", spec.baseConnectionId().map(ConnectionId::value));
        body.set("sourceSpec", source);
        body.put("ttlInDays", request.ttl().days());
        body.put("audienceType", request.audienceType().name());
        body.put("originName", request.originName().name());
        body.put("namespace", request.namespace().value());
        body.set("labels", Json.strings(request.labels().asStrings()));
        body.set("tags", Json.strings(request.tags().values()));
        body.put("profileIngestion", request.profileIngestion().name());
        if (!request.identityHandling().equals(IdentityHandling.DEFAULT)) {
            // absent reads as the default: a request that says nothing of its identities is stored as it always was
            body.put("identityStorage", storageName(request.identityHandling()));
        }
        Json.putOptional(body, "phoneRegion", request.identityHandling().phoneRegion().map(PhoneRegion::code));
        return body;
    }

    static NewAudience decodeRequest(StoredRequest body) {
        StoredSource source = body.sourceSpec();
        SourceSpecRequest spec = new SourceSpecRequest(new SourcePath(source.path()),
                StoredSourceNames.kind(source.type()),
                Optional.ofNullable(source.sourceType()).map(StoredSourceNames::sourceType),
                Optional.ofNullable(source.cloudType()).map(StoredSourceNames::cloudType),
                Optional.ofNullable(source.baseConnectionId()).map(ConnectionId::new));
        return new NewAudience(new AudienceName(body.name()),
                Optional.ofNullable(body.description()).map(Description::new),
                Optional.ofNullable(body.customAudienceId()).map(CustomAudienceId::new), fields(body.fields()),
                spec, Ttl.ofDays(body.ttlInDays()), AudienceType.valueOf(body.audienceType()),
                OriginName.valueOf(body.originName()),
                new AudienceNamespace(body.namespace()), Labels.parse(Json.orEmpty(body.labels())),
                Tags.parse(Json.orEmpty(body.tags())),
                ProfileIngestion.valueOf(body.profileIngestion()),
                // a request stored before identities had a storage: kept as normalised
                identityHandling(body.identityStorage() == null ? "NORMALISED" : body.identityStorage(),
                        body.phoneRegion()));
    }

    static void stamp(ObjectNode body, String prefix, Stamp stamp) {
        body.put(prefix + "By", stamp.by().value());
        Json.putInstant(body, prefix + "At", stamp.at());
    }

    private static ArrayNode fields(Fields fields) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Field field : fields.values()) {
            ObjectNode node = array.addObject();
            node.put("name", field.name().value());
            node.put("type", field.type().name());
            Json.putOptional(node, "identityNs", field.identityNs().map(IdentityNamespace::code));
            node.set("labels", Json.strings(field.labels().asStrings()));
        }
        return array;
    }

    private static Fields fields(List<StoredField> stored) {
        List<Field> fields = new ArrayList<>(stored.size());
        for (StoredField field : stored) {
            fields.add(new Field(new FieldName(field.name()), FieldType.valueOf(field.type()),
                    Optional.ofNullable(field.identityNs()).map(IdentityNamespace::new),
                    Labels.parse(Json.orEmpty(field.labels()))));
        }
        return new Fields(fields);
    }

    private static ObjectNode sourceSpec(SourceSpec spec) {
        ObjectNode node = Json.object();
        node.put("path", spec.path().value());
        node.put("type", StoredSourceNames.of(spec.kind()));
        Json.putOptional(node, "sourceType", spec.sourceType().map(StoredSourceNames::of));
        node.put("cloudType", StoredSourceNames.of(spec.cloudType()));
        Json.putOptional(node, "baseConnectionId", spec.baseConnectionId().map(ConnectionId::value));
        return node;
    }

    private static SourceSpec sourceSpec(StoredSource node) {
        return new SourceSpec(new SourcePath(node.path()), StoredSourceNames.kind(node.type()),
                Optional.ofNullable(node.sourceType()).map(StoredSourceNames::sourceType),
                StoredSourceNames.cloudType(node.cloudType()),
                Optional.ofNullable(node.baseConnectionId()).map(ConnectionId::new));
    }
}
