package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.TenantScope;
import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;

/**
 * Membership in the {@code members} table, with {@code staged_members} as each run's staging area. A merge is a few
 * set-based statements in one transaction: readers see the membership before it or after it, never half of it.
 */
public final class JdbiMembers implements Members {

    private final Jdbi jdbi;
    private final Dialect dialect;

    JdbiMembers(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    @Override
    public void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch) {
        if (batch.isEmpty()) {
            return;
        }
        SqlErrors.guarded(() -> jdbi.useHandle(handle -> {
            String staging = StagingTables.ensure(handle, dialect, scope, audienceId, runId);
            if (dialect == Dialect.POSTGRESQL) {
                copyIn(handle, staging, batch);
                return;
            }
            List<String> namespaces = new ArrayList<>(batch.size());
            List<String> values = new ArrayList<>(batch.size());
            List<String> attributes = new ArrayList<>(batch.size());
            for (StagedMember member : batch) {
                namespaces.add(member.identity().namespace().code());
                values.add(member.identity().value());
                attributes.add(Json.attributes(member.attributes()));
            }
            handle.attach(MemberDao.class).stage(staging, namespaces, values, attributes);
        }));
    }

    /** PostgreSQL's own bulk path: one COPY per batch instead of a statement per row. */
    private static void copyIn(Handle handle, String staging, List<StagedMember> batch) {
        StringBuilder csv = new StringBuilder(batch.size() * 96);
        for (StagedMember member : batch) {
            csv.append(quoted(member.identity().namespace().code())).append(',')
                    .append(quoted(member.identity().value())).append(',')
                    .append(quoted(Json.attributes(member.attributes()))).append('\n');
        }
        try {
            handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + staging
                    + " (identity_ns, identity_value, attributes) FROM STDIN WITH (FORMAT csv)",
                    new StringReader(csv.toString()));
        } catch (SQLException | IOException failed) {
            throw new ConnectionException(failed);
        }
    }

    private static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    @Override
    public long stagedDuplicates(TenantScope scope, AudienceId audienceId, RunId runId) {
        String staging = StagingTables.nameOf(scope, runId);
        return SqlErrors.guarded(() -> jdbi.withHandle(handle -> {
            if (!StagingTables.exists(handle, staging)) {
                return 0L;
            }
            MemberDao dao = handle.attach(MemberDao.class);
            return dao.countStaged(staging) - dao.countStagedIdentities(staging);
        }));
    }

    @Override
    public MergeOutcome merge(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                              Instant ingestedAt, Instant expiryCutoff) {
        String org = scope.orgId();
        String sandbox = scope.sandboxName();
        String audience = audienceId.value();
        String staging = StagingTables.nameOf(scope, runId);
        long cutoff = expiryCutoff.toEpochMilli();
        MergeOutcome outcome = SqlErrors.guarded(() -> {
            boolean staged = jdbi.withHandle(handle -> StagingTables.exists(handle, staging));
            if (staged) {
                // outside the transaction: on H2, ANALYZE commits whatever is open
                jdbi.useHandle(handle -> handle.execute(String.format(dialect.analyzeStaging, staging)));
            }
            if (dialect == Dialect.POSTGRESQL) {
                if (jdbi.withExtension(MemberDao.class, dao -> dao.hasAnyMember(org, sandbox, audience))) {
                    // Right after a bulk load the members table's statistics are stale (autovacuum analyses it up to
                    // a minute later), and a semi-join between a million members and a million staged rows planned
                    // on them as a nested loop never ends. ANALYZE samples a fixed number of rows: cheap at any size.
                    jdbi.useHandle(handle -> handle.execute("ANALYZE members"));
                }
                return jdbi.inTransaction(handle -> mergeOnPostgres(handle.attach(MemberDao.class), staged, staging,
                        org, sandbox, audience, mode, ingestedAt.toEpochMilli(), cutoff));
            }
            return jdbi.inTransaction(handle -> {
                MemberDao dao = handle.attach(MemberDao.class);
                long rows = staged ? dao.countStaged(staging) : 0;
                long identities = staged ? dao.countStagedIdentities(staging) : 0;
                if (identities < rows) {
                    dao.dropSupersededStaged(staging);
                }
                long live = dao.countLive(org, sandbox, audience, cutoff);
                long updated = live == 0 || identities == 0 ? 0
                        : dao.countStagedAndLive(staging, org, sandbox, audience, cutoff);
                long removed = 0;
                if (mode == IngestionMode.FULL && live == updated && updated > 0
                        && dialect.upsertsFullReingestInPlace) {
                    // a full re-ingest that drops no live member: upsert in place, and clear the expired rows that
                    // a later, longer TTL must not bring back
                    dao.deleteExpired(org, sandbox, audience, cutoff);
                    dao.mergeStaged(staging, org, sandbox, audience, ingestedAt.toEpochMilli());
                } else if (mode == IngestionMode.FULL) {
                    // any other full replace is a delete and one plain insert: no row-by-row upsert
                    removed = live - updated;
                    dao.deleteMembers(org, sandbox, audience);
                    if (staged) {
                        dao.insertStaged(staging, org, sandbox, audience, ingestedAt.toEpochMilli());
                    }
                } else if (staged) {
                    dao.mergeStaged(staging, org, sandbox, audience, ingestedAt.toEpochMilli());
                }
                return new MergeOutcome(identities - updated, updated, removed, rows - identities);
            });
        });
        discard(scope, audienceId, runId);
        return outcome;
    }

    /**
     * PostgreSQL folds what the portable merge does in separate passes into fewer statements: duplicates are resolved
     * by the statement that writes ({@code DISTINCT ON}), and a differential upsert counts what it added and updated
     * as it writes. A full run into an audience with members deletes them and inserts what it read, counting first
     * how many live members it read again (measured on a million rows: as fast as an upsert followed by deleting what
     * was not read, about 40 s either way, both spent maintaining the members table's three indexes). A differential run keeps expired rows for the sweeper (a longer TTL may yet
     * bring them back), and counts those it re-stages as added, since they were not live.
     */
    private static MergeOutcome mergeOnPostgres(MemberDao dao, boolean staged, String staging, String org,
                                                String sandbox, String audience, IngestionMode mode, long ingestedAt,
                                                long cutoff) {
        boolean hadMembers = dao.hasAnyMember(org, sandbox, audience);
        long rows = staged ? dao.countStaged(staging) : 0;
        if (mode == IngestionMode.FULL) {
            long live = hadMembers ? dao.countLive(org, sandbox, audience, cutoff) : 0;
            long updated = hadMembers && staged ? dao.countLiveStaged(staging, org, sandbox, audience, cutoff) : 0;
            if (hadMembers) {
                dao.deleteMembers(org, sandbox, audience);
            }
            long identities = staged ? dao.insertLastStaged(staging, org, sandbox, audience, ingestedAt) : 0;
            return new MergeOutcome(identities - updated, updated, live - updated, rows - identities);
        }
        if (!staged) {
            return new MergeOutcome(0, 0, 0, 0);
        }
        long expiredRestaged = hadMembers && dao.hasExpired(org, sandbox, audience, cutoff)
                ? dao.countExpiredStaged(staging, org, sandbox, audience, cutoff) : 0;
        MemberDao.Upserted written = hadMembers
                ? dao.upsertLastStaged(staging, org, sandbox, audience, ingestedAt)
                : new MemberDao.Upserted(dao.insertLastStaged(staging, org, sandbox, audience, ingestedAt), 0);
        long identities = written.added() + written.updated();
        return new MergeOutcome(written.added() + expiredRestaged, written.updated() - expiredRestaged, 0,
                rows - identities);
    }

    @Override
    public void discard(TenantScope scope, AudienceId audienceId, RunId runId) {
        SqlErrors.guarded(() -> jdbi.useHandle(handle ->
                StagingTables.drop(handle, StagingTables.nameOf(scope, runId))));
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
        long cutoff = expiryCutoff.toEpochMilli();
        // Select the batch, then delete it by key: a DELETE with a LIMITed subquery is not portable (H2 re-reads it).
        return SqlErrors.guarded(() -> jdbi.inTransaction(handle -> {
            MemberDao dao = handle.attach(MemberDao.class);
            List<MemberDao.Row> expired = dao.expired(scope.orgId(), scope.sandboxName(), audienceId.value(), cutoff,
                    batchSize);
            if (expired.isEmpty()) {
                return 0;
            }
            int[] deleted = dao.deleteIfExpired(scope.orgId(), scope.sandboxName(), audienceId.value(),
                    expired.stream().map(MemberDao.Row::ns).toList(),
                    expired.stream().map(MemberDao.Row::identityValue).toList(), cutoff);
            return Arrays.stream(deleted).sum();
        }));
    }

    @Override
    public void removeAll(TenantScope scope, AudienceId audienceId) {
        SqlErrors.guarded(() -> jdbi.useHandle(handle -> {
            handle.attach(MemberDao.class).deleteMembers(scope.orgId(), scope.sandboxName(), audienceId.value());
            StagingTables.dropAllOf(handle, scope, audienceId);
        }));
    }

    private static Member decode(MemberDao.Row row) {
        return new Member(new AudienceId(row.audienceId()), Identity.of(row.ns(), row.identityValue()),
                Json.attributes(row.attributes()), Instant.ofEpochMilli(row.lastIngestedAt()));
    }
}
