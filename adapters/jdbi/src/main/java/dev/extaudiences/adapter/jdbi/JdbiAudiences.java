package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudienceName;
import dev.extaudiences.core.audience.CustomAudienceId;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Audiences in the {@code audiences} table. Name and custom id uniqueness are database constraints. Removing an
 * audience removes its row only: its runs and members are their own stores' to remove, in the order the domain's
 * deletion gives (see {@link Audiences#remove}).
 */
public final class JdbiAudiences implements Audiences {

    private static final String FIND = "SELECT audience_id, version, body, identity_storage, phone_region"
            + " FROM audiences WHERE org_id = ? AND sandbox_name = ? AND audience_id = ?";

    private final Jdbi jdbi;
    private final DirectStatements direct;

    JdbiAudiences(Jdbi jdbi, DirectStatements direct) {
        this.jdbi = jdbi;
        this.direct = direct;
    }

    @Override
    public void add(Audience audience) {
        TenantScope scope = audience.scope();
        try {
            jdbi.useExtension(AudienceDao.class, dao -> dao.insert(scope.orgId(), scope.sandboxName(),
                    audience.id().value(), audience.name().value(),
                    audience.customAudienceId().map(CustomAudienceId::value).orElse(null),
                    audience.created().at().toEpochMilli(), audience.version(), AudienceCodec.encode(audience),
                    AudienceCodec.storageName(audience.identityHandling()),
                    AudienceCodec.regionName(audience.identityHandling())));
        } catch (JdbiException failure) {
            if (SqlErrors.violates(failure, SqlErrors.UNIQUE_VIOLATION, "audiences_name_unique")) {
                throw DomainException.duplicate("name", audience.name().value());
            }
            if (SqlErrors.violates(failure, SqlErrors.UNIQUE_VIOLATION, "audiences_custom_id_unique")) {
                throw DomainException.duplicate("customAudienceId", audience.customAudienceId().orElseThrow().value());
            }
            if (SqlErrors.violates(failure, SqlErrors.UNIQUE_VIOLATION, "audiences_pk")) {
                throw DomainException.duplicate("audienceId", audience.id().value());
            }
            throw SqlErrors.unexpected(failure);
        }
    }

    @Override
    public Optional<Audience> find(TenantScope scope, AudienceId id) {
        return direct.one(FIND, row -> AudienceCodec.decode(scope, row.getString(1), row.getLong(2), row.getString(3),
                AudienceCodec.identityHandling(row.getString(4), row.getString(5))),
                scope.orgId(), scope.sandboxName(), id.value());
    }

    @Override
    public boolean nameTaken(TenantScope scope, AudienceName name) {
        return SqlErrors.guarded(() -> jdbi.withExtension(AudienceDao.class,
                dao -> dao.countNamed(scope.orgId(), scope.sandboxName(), name.value())) > 0);
    }

    @Override
    public boolean customIdTaken(TenantScope scope, CustomAudienceId customAudienceId) {
        return SqlErrors.guarded(() -> jdbi.withExtension(AudienceDao.class,
                dao -> dao.countWithCustomId(scope.orgId(), scope.sandboxName(), customAudienceId.value())) > 0);
    }

    @Override
    public Page<Audience> list(TenantScope scope, PageRequest page) {
        return SqlErrors.guarded(() -> jdbi.inTransaction(handle -> {
            AudienceDao dao = handle.attach(AudienceDao.class);
            return new Page<>(dao.page(scope.orgId(), scope.sandboxName(), page.start(), page.limit()).stream()
                    .map(row -> decode(scope, row)).toList(), page.limit(), dao.count(scope.orgId(), scope.sandboxName()));
        }));
    }

    @Override
    public Page<Audience> listAll(PageRequest page) {
        return SqlErrors.guarded(() -> jdbi.inTransaction(handle -> {
            AudienceDao dao = handle.attach(AudienceDao.class);
            return new Page<>(dao.pageAll(page.start(), page.limit()).stream()
                    .map(row -> AudienceCodec.decode(new TenantScope(row.org(), row.sandbox()), row.id(),
                            row.version(), row.body(),
                            AudienceCodec.identityHandling(row.identityStorage(), row.phoneRegion())))
                    .toList(), page.limit(), dao.countAll());
        }));
    }

    @Override
    public VersionedWrite replace(Audience updated) {
        TenantScope scope = updated.scope();
        return SqlErrors.guarded(() -> jdbi.inTransaction(handle -> {
            AudienceDao dao = handle.attach(AudienceDao.class);
            int changed = dao.replace(scope.orgId(), scope.sandboxName(), updated.id().value(), updated.version(),
                    AudienceCodec.encode(updated), AudienceCodec.storageName(updated.identityHandling()));
            if (changed == 1) {
                return VersionedWrite.APPLIED;
            }
            return dao.find(scope.orgId(), scope.sandboxName(), updated.id().value()).isPresent()
                    ? VersionedWrite.STALE : VersionedWrite.MISSING;
        }));
    }

    @Override
    public boolean remove(TenantScope scope, AudienceId id) {
        return SqlErrors.guarded(() -> jdbi.withExtension(AudienceDao.class,
                dao -> dao.delete(scope.orgId(), scope.sandboxName(), id.value()))) > 0;
    }

    private static Audience decode(TenantScope scope, AudienceDao.Row row) {
        return AudienceCodec.decode(scope, row.id(), row.version(), row.body(),
                AudienceCodec.identityHandling(row.identityStorage(), row.phoneRegion()));
    }
}
