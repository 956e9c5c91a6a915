package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.port.out.AudienceOperations;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Create operations in the {@code audience_operations} table; ending one is a conditional update, so it ends once. */
public final class JdbiAudienceOperations implements AudienceOperations {

    private static final String FIND = "SELECT org_id, sandbox_name, operation_id, body FROM audience_operations"
            + " WHERE org_id = ? AND sandbox_name = ? AND operation_id = ?";

    private final Jdbi jdbi;
    private final DirectStatements direct;

    JdbiAudienceOperations(Jdbi jdbi, DirectStatements direct) {
        this.jdbi = jdbi;
        this.direct = direct;
    }

    @Override
    public void add(Operation operation) {
        TenantScope scope = operation.scope();
        SqlErrors.guarded(() -> jdbi.useExtension(OperationDao.class, dao -> dao.insert(scope.orgId(),
                scope.sandboxName(), operation.id().value(), StoredStatus.of(operation.status()),
                operation.created().at().toEpochMilli(), OperationCodec.encode(operation))));
    }

    @Override
    public Optional<Operation> find(TenantScope scope, OperationId id) {
        return direct.one(FIND, row -> decode(new OperationDao.Row(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4))), scope.orgId(), scope.sandboxName(), id.value());
    }

    @Override
    public void end(Operation ended) {
        if (ended.isProcessing()) {
            throw new IllegalArgumentException("operation " + ended.id() + " has not ended");
        }
        TenantScope scope = ended.scope();
        int changed = SqlErrors.guarded(() -> jdbi.withExtension(OperationDao.class, dao -> dao.end(scope.orgId(),
                scope.sandboxName(), ended.id().value(), StoredStatus.of(ended.status()),
                OperationCodec.encode(ended))));
        if (changed == 0) {
            throw new IllegalStateException("operation " + ended.id() + " has already ended or does not exist");
        }
    }

    @Override
    public List<Operation> processing(int limit) {
        return SqlErrors.guarded(() -> jdbi.withExtension(OperationDao.class, dao -> dao.processing(limit)).stream()
                .map(JdbiAudienceOperations::decode).toList());
    }

    private static Operation decode(OperationDao.Row row) {
        return OperationCodec.decode(new TenantScope(row.org(), row.sandbox()), row.id(), row.body());
    }
}
