package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Membership in the {@code members} table, of the audience's current generation (see the baseline migration), which
 * {@link JdbiStagedMembers} writes; and the removal, a batch per short transaction, of the rows no reader sees.
 */
public final class JdbiMembers implements Members {

    private final Jdbi jdbi;
    /** For the statements whose time grows with an audience (dropping all its members). */
    private final Jdbi bulkJdbi;

    /** How this database deletes members in bulk: the rows a full merge replaced, the members expired. */
    private final MergeStrategy strategy;

    JdbiMembers(Jdbi jdbi, Jdbi bulkJdbi, MergeStrategy strategy) {
        this.jdbi = jdbi;
        this.bulkJdbi = bulkJdbi;
        this.strategy = strategy;
    }

    @Override
    public Optional<Member> find(TenantScope scope, AudienceId audienceId, Identity identity, Instant expiryCutoff) {
        return SqlErrors.guarded(() -> jdbi.withExtension(MemberDao.class, dao -> dao.find(scope.orgId(),
                scope.sandboxName(), audienceId.value(), identity.namespace().code(), identity.value(),
                expiryCutoff.toEpochMilli())).map(JdbiMembers::decode));
    }

    @Override
    public Page<Member> list(TenantScope scope, AudienceId audienceId, Instant expiryCutoff, PageRequest page) {
        long cutoff = expiryCutoff.toEpochMilli();
        return SqlErrors.guarded(() -> jdbi.inTransaction(handle -> {
            MemberDao dao = handle.attach(MemberDao.class);
            List<Member> members = dao.page(scope.orgId(), scope.sandboxName(), audienceId.value(), cutoff,
                    page.start(), page.limit()).stream().map(JdbiMembers::decode).toList();
            return new Page<>(members, page.limit(),
                    dao.countLive(scope.orgId(), scope.sandboxName(), audienceId.value(), cutoff));
        }));
    }

    @Override
    public List<Member> memberships(TenantScope scope, Identity identity) {
        return SqlErrors.guarded(() -> jdbi.withExtension(MemberDao.class, dao -> dao.memberships(scope.orgId(),
                scope.sandboxName(), identity.namespace().code(), identity.value())).stream()
                .map(JdbiMembers::decode).toList());
    }

    @Override
    public int removeExpired(TenantScope scope, AudienceId audienceId, Instant expiryCutoff, int batchSize) {
        removeReplacedGenerations(scope, audienceId, batchSize);
        long cutoff = expiryCutoff.toEpochMilli();
        return SqlErrors.guarded(() -> jdbi.inTransaction(handle -> strategy.removeExpired(handle, scope.orgId(),
                scope.sandboxName(), audienceId.value(), cutoff, batchSize)));
    }

    /** The sweeper's pass clears what housekeeping after a full run did not get to (a node that stopped meanwhile). */
    private void removeReplacedGenerations(TenantScope scope, AudienceId audienceId, int batchSize) {
        int deleted;
        do {
            deleted = removeReplaced(scope, audienceId, batchSize);
        } while (deleted == batchSize);
    }

    /**
     * Selects the batch, then deletes it by key as the database does best ({@link MergeStrategy#deleteReplaced}): a
     * DELETE with a LIMITed subquery is not portable.
     */
    @Override
    public int removeReplaced(TenantScope scope, AudienceId audienceId, int batchSize) {
        return SqlErrors.guarded(() -> jdbi.inTransaction(handle -> {
            MemberDao dao = handle.attach(MemberDao.class);
            List<MemberDao.Key> replaced = dao.replaced(scope.orgId(), scope.sandboxName(), audienceId.value(),
                    dao.currentGeneration(scope.orgId(), scope.sandboxName(), audienceId.value()), batchSize);
            if (replaced.isEmpty()) {
                return 0;
            }
            return strategy.deleteReplaced(handle, scope.orgId(), scope.sandboxName(), audienceId.value(), replaced);
        }));
    }

    @Override
    public long storedRows(TenantScope scope, AudienceId audienceId) {
        return SqlErrors.guarded(() -> jdbi.withExtension(MemberDao.class, dao -> dao.countRows(scope.orgId(),
                scope.sandboxName(), audienceId.value())));
    }

    @Override
    public void removeAll(TenantScope scope, AudienceId audienceId) {
        SqlErrors.guarded(() -> bulkJdbi.useTransaction(transaction -> {
            MemberDao dao = transaction.attach(MemberDao.class);
            dao.deleteMembers(scope.orgId(), scope.sandboxName(), audienceId.value());
            dao.forgetGeneration(scope.orgId(), scope.sandboxName(), audienceId.value());
        }));
    }

    private static Member decode(MemberDao.Row row) {
        return new Member(new AudienceId(row.audienceId()), Identity.of(row.ns(), row.identityValue()),
                Json.attributes(row.attributes()), Instant.ofEpochMilli(row.lastIngestedAt()));
    }
}
