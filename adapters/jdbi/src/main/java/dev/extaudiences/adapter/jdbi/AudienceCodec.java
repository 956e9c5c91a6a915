package dev.extaudiences.adapter.jdbi;

import com.fasterxml.jackson.databind.JsonNode;
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
        JsonNode body = Json.read(text);
        return new Audience(new AudienceId(audienceId), scope, new AudienceName(body.get("name").asText()),
                Json.optionalText(body, "description").map(Description::new),
                Json.optionalText(body, "customAudienceId").map(CustomAudienceId::new),
                fields(body.get("fields")), sourceSpec(body.get("sourceSpec")),
                Ttl.ofDays(body.get("ttlInDays").asInt()), AudienceType.valueOf(body.get("audienceType").asText()),
                OriginName.valueOf(body.get("originName").asText()),
                new AudienceNamespace(body.get("namespace").asText()), Labels.parse(Json.strings(body.get("labels"))),
                Tags.parse(Json.strings(body.get("tags"))),
                ProfileIngestion.valueOf(body.get("profileIngestion").asText()), stamp(body, "created"),
                stamp(body, "updated"), version, identityHandling);
    }

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

    static NewAudience decodeRequest(JsonNode body) {
        JsonNode source = body.get("sourceSpec");
        SourceSpecRequest spec = new SourceSpecRequest(new SourcePath(source.get("path").asText()),
                StoredSourceNames.kind(source.get("type").asText()),
                Json.optionalText(source, "sourceType").map(StoredSourceNames::sourceType),
                Json.optionalText(source, "cloudType").map(StoredSourceNames::cloudType),
                Json.optionalText(source, "baseConnectionId").map(ConnectionId::new));
        return new NewAudience(new AudienceName(body.get("name").asText()),
                Json.optionalText(body, "description").map(Description::new),
                Json.optionalText(body, "customAudienceId").map(CustomAudienceId::new), fields(body.get("fields")),
                spec, Ttl.ofDays(body.get("ttlInDays").asInt()), AudienceType.valueOf(body.get("audienceType").asText()),
                OriginName.valueOf(body.get("originName").asText()),
                new AudienceNamespace(body.get("namespace").asText()), Labels.parse(Json.strings(body.get("labels"))),
                Tags.parse(Json.strings(body.get("tags"))),
                ProfileIngestion.valueOf(body.get("profileIngestion").asText()),
                // a request stored before identities had a storage: kept as normalised
                identityHandling(body.path("identityStorage").asText("NORMALISED"),
                        Json.optionalText(body, "phoneRegion").orElse(null)));
    }

    static void stamp(ObjectNode body, String prefix, Stamp stamp) {
        body.put(prefix + "By", stamp.by().value());
        Json.putInstant(body, prefix + "At", stamp.at());
    }

    static Stamp stamp(JsonNode body, String prefix) {
        return new Stamp(new UserId(body.get(prefix + "By").asText()), Json.instant(body, prefix + "At"));
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

    private static Fields fields(JsonNode array) {
        List<Field> fields = new ArrayList<>();
        array.forEach(node -> fields.add(new Field(new FieldName(node.get("name").asText()),
                FieldType.valueOf(node.get("type").asText()),
                Json.optionalText(node, "identityNs").map(IdentityNamespace::new),
                Labels.parse(Json.strings(node.get("labels"))))));
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

    private static SourceSpec sourceSpec(JsonNode node) {
        return new SourceSpec(new SourcePath(node.get("path").asText()),
                StoredSourceNames.kind(node.get("type").asText()),
                Json.optionalText(node, "sourceType").map(StoredSourceNames::sourceType),
                StoredSourceNames.cloudType(node.get("cloudType").asText()),
                Json.optionalText(node, "baseConnectionId").map(ConnectionId::new));
    }
}
