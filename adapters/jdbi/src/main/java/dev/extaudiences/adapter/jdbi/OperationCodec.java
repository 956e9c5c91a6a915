package dev.extaudiences.adapter.jdbi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.operation.OperationStatus;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import java.time.Instant;

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

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredOperation(AudienceCodec.StoredRequest request, String status, String audienceId, String reason,
                           String createdBy, long createdAt, String updatedBy, long updatedAt) {
    }

    private static final ObjectReader STORED = Json.MAPPER.readerFor(StoredOperation.class);

    static Operation decode(TenantScope scope, String operationId, String text) {
        StoredOperation body = Json.bind(STORED, text);
        OperationStatus status = switch (body.status()) {
            case StoredStatus.PROCESSING -> new OperationStatus.Processing();
            case StoredStatus.SUCCESS -> new OperationStatus.Succeeded(new AudienceId(body.audienceId()));
            case StoredStatus.FAILED -> new OperationStatus.Failed(body.reason());
            default -> throw new IllegalStateException("unknown stored operation status " + body.status());
        };
        return new Operation(new OperationId(operationId), scope, AudienceCodec.decodeRequest(body.request()),
                status, new Stamp(new UserId(body.createdBy()), Instant.ofEpochMilli(body.createdAt())),
                new Stamp(new UserId(body.updatedBy()), Instant.ofEpochMilli(body.updatedAt())));
    }
}
