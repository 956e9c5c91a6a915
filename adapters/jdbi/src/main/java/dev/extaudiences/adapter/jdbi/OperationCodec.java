package dev.extaudiences.adapter.jdbi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.operation.OperationStatus;
import dev.extaudiences.core.tenant.TenantScope;

/** Create operations to and from their stored JSON bodies. */
final class OperationCodec {

    private OperationCodec() {
    }

    static String encode(Operation operation) {
        ObjectNode body = Json.object();
        body.set("request", AudienceCodec.encodeRequest(operation.request()));
        body.put("status", StoredStatus.of(operation.status()));
        operation.audienceId().ifPresent(id -> body.put("audienceId", id.value()));
        if (operation.status() instanceof OperationStatus.Failed failed) {
            body.put("reason", failed.reason());
        }
        AudienceCodec.stamp(body, "created", operation.created());
        AudienceCodec.stamp(body, "updated", operation.updated());
        return Json.write(body);
    }

    static Operation decode(TenantScope scope, String operationId, String text) {
        JsonNode body = Json.read(text);
        OperationStatus status = switch (body.get("status").asText()) {
            case StoredStatus.PROCESSING -> new OperationStatus.Processing();
            case StoredStatus.SUCCESS -> new OperationStatus.Succeeded(new AudienceId(body.get("audienceId").asText()));
            case StoredStatus.FAILED -> new OperationStatus.Failed(body.get("reason").asText());
            default -> throw new IllegalStateException("unknown stored operation status " + body.get("status"));
        };
        return new Operation(new OperationId(operationId), scope, AudienceCodec.decodeRequest(body.get("request")),
                status, AudienceCodec.stamp(body, "created"), AudienceCodec.stamp(body, "updated"));
    }
}
