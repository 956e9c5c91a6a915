package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceType;
import dev.extaudiences.core.audience.CustomAudienceId;
import dev.extaudiences.core.audience.Description;
import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.audience.OriginName;
import dev.extaudiences.core.audience.ProfileIngestion;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationStatus;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunQuota;
import dev.extaudiences.core.run.RunQuotas;
import dev.extaudiences.core.run.RunStatus;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.source.SourceType;
import dev.extaudiences.core.tenant.Stamp;
import java.time.Instant;
import dev.extaudiences.core.identity.IdentityHandling;
import java.util.List;
import java.util.function.Function;

/** The contract's response bodies: field names as the public service has them, every timestamp in epoch seconds. */
final class Wire {

    /** The statuses of a run as the contract names them. */
    static final List<String> RUN_STATUSES = java.util.Arrays.stream(RunStatus.Kind.values()).map(Wire::runStatus)
            .toList();

    /** A run status as the contract names it. */
    static String runStatus(RunStatus.Kind kind) {
        return switch (kind) {
            case PROCESSING -> "PROCESSING";
            case SUCCEEDED -> "SUCCESS";
            case FAILED -> "FAILED";
        };
    }

    static String fieldType(FieldType type) {
        return switch (type) {
            case STRING -> "string";
            case NUMBER -> "number";
            case LONG -> "long";
            case INTEGER -> "integer";
            case DATE -> "date";
            case DATETIME -> "datetime";
            case BOOLEAN -> "boolean";
        };
    }

    static String audienceType(AudienceType type) {
        return switch (type) {
            case PEOPLE -> "people";
        };
    }

    static String originName(OriginName origin) {
        return switch (origin) {
            case CUSTOM_UPLOAD -> "CUSTOM_UPLOAD";
        };
    }

    /** A source spec's {@code cloudType} as the contract names it. */
    static String cloudType(CloudType type) {
        return switch (type) {
            case S3 -> "S3";
            case DLZ -> "DLZ";
            case GCS -> "GCS";
            case AZURE -> "Azure";
            case SFTP -> "SFTP";
        };
    }

    /** A source spec's {@code type}: whether its path names a file or a folder. */
    static String sourceKind(SourceKind kind) {
        return switch (kind) {
            case FILE -> "file";
            case FOLDER -> "folder";
        };
    }

    /** A source spec's {@code sourceType}, the one the contract knows. */
    static String sourceType(SourceType type) {
        return switch (type) {
            case CLOUD_STORAGE -> "Cloud Storage";
        };
    }

    /** A create operation's status as the contract names it. */
    static String operationStatus(OperationStatus status) {
        if (status instanceof OperationStatus.Succeeded) {
            return "SUCCESS";
        }
        return status instanceof OperationStatus.Failed ? "FAILED" : "PROCESSING";
    }

    private final ObjectMapper mapper;
    private final RunWire runs;

    Wire(ObjectMapper mapper) {
        this.mapper = mapper;
        this.runs = new RunWire();
    }

    ObjectNode accepted(Operation operation) {
        ObjectNode body = mapper.createObjectNode();
        body.put("operationId", operation.id().value());
        body.set("operationDetails", request(operation.request()));
        return body;
    }

    ObjectNode operation(Operation operation) {
        ObjectNode body = mapper.createObjectNode();
        body.put("operationId", operation.id().value());
        body.put("status", operationStatus(operation.status()));
        body.set("operationDetails", request(operation.request()));
        body.put("audienceName", operation.request().name().value());
        body.put("audienceId", operation.audienceId().map(Object::toString).orElse(null));
        if (operation.status() instanceof OperationStatus.Failed failed) {
            body.put("failureReason", failed.reason());
        }
        stamps(body, operation.created(), operation.updated());
        return body;
    }

    ObjectNode audience(Audience audience) {
        ObjectNode body = mapper.createObjectNode();
        body.put("audienceId", audience.id().value());
        body.put("audienceName", audience.name().value());
        body.put("description", audience.description().map(Description::value).orElse(null));
        body.put("customAudienceId", audience.customAudienceId().map(CustomAudienceId::value).orElse(null));
        body.set("fields", fields(audience.fields()));
        body.set("sourceSpec", sourceSpec(audience.sourceSpec()));
        body.put("ttlInDays", audience.ttl().days());
        body.set("labels", strings(audience.labels().asStrings()));
        body.set("tags", strings(audience.tags().values()));
        body.put("audienceType", audienceType(audience.audienceType()));
        body.put("originName", originName(audience.originName()));
        body.put("namespace", audience.namespace().value());
        body.put("profileIngestion", audience.profileIngestion() == ProfileIngestion.ENABLED);
        identityHandling(body, audience.identityHandling());
        stamps(body, audience.created(), audience.updated());
        return body;
    }

    JsonBody run(IngestionRun run) {
        return json -> runs.write(json, run);
    }

    /** A page of runs, as {@link #page} writes a page of trees, written field by field. */
    JsonBody runPage(Page<IngestionRun> page) {
        return json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("runs");
            for (IngestionRun run : page.items()) {
                runs.write(json, run);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("_page");
            json.writeNumberField("limit", page.limit());
            json.writeNumberField("count", page.count());
            json.writeNumberField("totalCount", page.totalCount());
            json.writeEndObject();
            json.writeEndObject();
        };
    }

    ObjectNode member(Member member) {
        ObjectNode body = mapper.createObjectNode();
        body.put("audienceId", member.audienceId().value());
        body.put("namespace", member.identity().namespace().code());
        body.put("value", member.identity().value());
        ObjectNode attributes = body.putObject("attributes");
        member.attributes().forEach(attributes::put);
        body.put("lastIngestedAt", seconds(member.lastIngestedAt()));
        return body;
    }

    /**
     * An extension's: the daily run guardrails as they stand, and when the day resets (an ISO instant).
     */
    ObjectNode quotas(RunQuotas quotas, java.util.Optional<String> audienceId) {
        ObjectNode body = mapper.createObjectNode();
        quota(body.putObject("sandbox"), quotas.sandbox());
        quotas.audience().ifPresent(audience -> {
            ObjectNode of = body.putObject("audience");
            audienceId.ifPresent(id -> of.put("audienceId", id));
            quota(of, audience);
        });
        body.put("resetsAt", quotas.resetsAt().toString());
        return body;
    }

    private static void quota(ObjectNode body, RunQuota quota) {
        body.put("runsPerDay", quota.limit());
        body.put("used", quota.used());
        body.put("left", quota.left());
    }

    <T> ObjectNode page(String itemsName, Page<T> page, Function<T, ObjectNode> item) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode items = body.putArray(itemsName);
        page.items().forEach(each -> items.add(item.apply(each)));
        ObjectNode paging = body.putObject("_page");
        paging.put("limit", page.limit());
        paging.put("count", page.count());
        paging.put("totalCount", page.totalCount());
        return body;
    }

    ObjectNode list(String itemsName, List<ObjectNode> values) {
        ObjectNode body = mapper.createObjectNode();
        body.putArray(itemsName).addAll(values);
        return body;
    }

    private ObjectNode request(NewAudience request) {
        ObjectNode body = mapper.createObjectNode();
        body.put("name", request.name().value());
        body.put("description", request.description().map(Description::value).orElse(null));
        request.customAudienceId().ifPresent(id -> body.put("customAudienceId", id.value()));
        body.set("fields", fields(request.fields()));
        SourceSpecRequest spec = request.sourceSpec();
        ObjectNode source = body.putObject("sourceSpec");
        source.put("path", spec.path().value());
        source.put("type", sourceKind(spec.kind()));
        spec.sourceType().ifPresent(type -> source.put("sourceType", sourceType(type)));
        spec.cloudType().ifPresent(type -> source.put("cloudType", cloudType(type)));
        spec.baseConnectionId().ifPresent(id -> source.put("baseConnectionId", id.value()));
        body.put("ttlInDays", request.ttl().days());
        body.put("audienceType", audienceType(request.audienceType()));
        body.put("originName", originName(request.originName()));
        body.put("namespace", request.namespace().value());
        body.set("labels", strings(request.labels().asStrings()));
        body.set("tags", strings(request.tags().values()));
        body.put("profileIngestion", request.profileIngestion() == ProfileIngestion.ENABLED);
        identityHandling(body, request.identityHandling());
        return body;
    }

    /**
     * The extensions {@code hashedAtRest} and {@code phoneRegion}, written only when the audience uses them, so that
     * a client of the contract alone gets the answers the contract has.
     */
    private static void identityHandling(ObjectNode body, IdentityHandling handling) {
        if (handling.hashedAtRest()) {
            body.put("hashedAtRest", true);
        }
        handling.phoneRegion().ifPresent(region -> body.put("phoneRegion", region.code()));
    }

    private ArrayNode fields(Fields fields) {
        ArrayNode array = mapper.createArrayNode();
        for (Field field : fields.values()) {
            ObjectNode node = array.addObject();
            node.put("name", field.name().value());
            node.put("type", fieldType(field.type()));
            field.identityNs().map(IdentityNamespace::code).ifPresent(ns -> node.put("identityNs", ns));
            node.set("labels", strings(field.labels().asStrings()));
        }
        return array;
    }

    private ObjectNode sourceSpec(SourceSpec spec) {
        ObjectNode node = mapper.createObjectNode();
        node.put("path", spec.path().value());
        node.put("type", sourceKind(spec.kind()));
        spec.sourceType().map(Wire::sourceType).ifPresent(type -> node.put("sourceType", type));
        node.put("cloudType", cloudType(spec.cloudType()));
        spec.baseConnectionId().map(ConnectionId::value).ifPresent(id -> node.put("baseConnectionId", id));
        return node;
    }

    private ArrayNode strings(List<String> values) {
        ArrayNode array = mapper.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static void stamps(ObjectNode body, Stamp created, Stamp updated) {
        body.put("createdBy", created.by().value());
        body.put("createdAt", seconds(created.at()));
        body.put("updatedBy", updated.by().value());
        body.put("updatedAt", seconds(updated.at()));
    }

    /** A JSON answer ends with a newline, so that answers printed one after another stay apart. */
    static byte[] withNewline(byte[] json) {
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }
}
