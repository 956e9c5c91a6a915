package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.run.IngestionMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL: a batch is staged by one COPY, and a merge folds what the portable merge does in separate passes into
 * fewer statements: duplicates are resolved by the statement that writes ({@code DISTINCT ON}), and a differential
 * upsert counts what it added and updated as it writes. A differential run keeps expired rows for the sweeper (a
 * longer TTL may yet bring them back), and counts those it re-stages as added, since they were not live.
 */
final class PostgresMerge implements MergeStrategy {

    /** More rows than any batch holds (a list holds fewer than 2^31): the step between two batches' first rows. */
    static final long BATCH_SPAN = 1L << 32;

    private final MergeChunks chunks;

    PostgresMerge(MergeChunks chunks) {
        this.chunks = chunks;
    }

    /**
     * A {@code COPY} costs the backend less per row the more rows it carries: a million staging rows cost it
     * 0.87-1.09 s in COPYs of 5,000 rows, 0.68-0.76 s of 10,000 and 0.55-0.67 s of 20,000 (measured alone, on two
     * cores), and larger did not pay more; a poll during the read stage answers no slower (BENCHMARKS.md).
     */
    @Override
    public int membersPerWrite() {
        return 20_000;
    }

    /** Staging rows live only until their run's merge: they need no write-ahead log (a crash fails the run anyway). */
    @Override
    public String stagingTableKind() {
        return "UNLOGGED";
    }

    /**
     * No sequence options and no key: the merge sorts the rows by identity and seq whatever indexes there are, and
     * each COPY then appends to the table alone, not to a B-tree beside it. The column's sequence gives no row its
     * value, either ({@link #append} writes them).
     */
    @Override
    public String stagingRowOrder() {
        return "";
    }

    /**
     * PostgreSQL's own bulk path: one COPY per batch instead of a statement per row, in COPY's binary format, written
     * to the database as it is built ({@link CopyRows}).
     *
     * <p>Each row's {@code seq} is written, not drawn from the column's sequence: a {@code nextval} per row took a
     * third of the COPY (a million staged rows: 0.64 s with it, 0.41 s with the values given). The batch draws one
     * value from that sequence, and its rows are that value times {@link #BATCH_SPAN} plus their place in the batch:
     * rows keep the order they were staged in across batches, whichever connection or node staged them, as the
     * sequence (no cache: a cache is per session, and would let two sessions' values cross) gives its values in the
     * order they are asked for.
     */
    @Override
    public void append(Handle handle, String staging, List<StagedMember> batch, boolean respelled) {
        try {
            Connection connection = handle.getConnection();
            long first = Math.multiplyExact(nextBatch(connection, staging), BATCH_SPAN);
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + staging
                    + (respelled ? " (seq, identity_ns, identity_value, attributes, identity_spelling)"
                    : " (seq, identity_ns, identity_value, attributes)") + " FROM STDIN (FORMAT binary)");
            try {
                write(new CopyRows(copy), batch, respelled, first);
            } catch (SQLException | RuntimeException failed) {
                if (copy.isActive()) {
                    try {
                        copy.cancelCopy();
                    } catch (SQLException unreachable) {
                        failed.addSuppressed(unreachable);
                    }
                }
                throw failed;
            }
        } catch (SQLException failed) {
            throw new ConnectionException(failed);
        }
    }

    private static long nextBatch(Connection connection, String staging) throws SQLException {
        try (PreparedStatement next = connection.prepareStatement(
                "SELECT nextval(pg_get_serial_sequence(?, 'seq'))")) {
            next.setString(1, staging);
            try (ResultSet value = next.executeQuery()) {
                value.next();
                return value.getLong(1);
            }
        }
    }

    /** The batch, a row per member numbered from {@code first}, written and the COPY ended. */
    static void write(CopyRows rows, List<StagedMember> batch, boolean respelled, long first) throws SQLException {
        long seq = first;
        for (StagedMember member : batch) {
            rows.row(respelled ? 5 : 4).int8(seq++).text(member.identity().namespace().code())
                    .text(member.identity().value()).json(member.attributes());
            if (respelled) {
                if (member.spelling().isPresent()) {
                    rows.text(member.spelling().get());
                } else {
                    rows.nul();
                }
            }
            rows.endRow();
        }
        rows.finish();
    }

    /**
     * One statement for the whole batch, joining the members with the batch's keys as arrays: PostgreSQL looks each
     * key up in the primary key within one statement, where a JDBC batch of one {@code DELETE} per key made it parse,
     * plan and run a statement per row (a million replaced rows went in 7.7 s instead of 14.7 to 16.8 s).
     */
    @Override
    public int deleteReplaced(Handle transaction, String org, String sandbox, String audienceId,
                              List<MemberDao.Key> keys) {
        return deleteByKeys(transaction, "DELETE FROM members m"
                        + " USING unnest(?::bigint[], ?::text[], ?::text[]) AS k(generation, ns, identity_value)"
                        + " WHERE m.org_id = ? AND m.sandbox_name = ? AND m.audience_id = ?"
                        + " AND m.generation = k.generation AND m.identity_ns = k.ns"
                        + " AND m.identity_value = k.identity_value",
                new KeyArray("bigint", keys.stream().map(MemberDao.Key::generation).toArray()),
                new KeyArray("text", keys.stream().map(MemberDao.Key::ns).toArray()),
                new KeyArray("text", keys.stream().map(MemberDao.Key::identityValue).toArray()),
                org, sandbox, audienceId);
    }

    /**
     * The batch's keys first (walking the expiry index in order), then one delete of them all, as for the replaced
     * rows ({@link #deleteReplaced}): the delete checks the expiry again, so a member re-ingested in between stays.
     */
    @Override
    public int removeExpired(Handle transaction, String org, String sandbox, String audienceId, long cutoff,
                             int batch) {
        List<MemberDao.Key> expired = transaction.attach(MemberDao.class).expired(org, sandbox, audienceId, cutoff,
                batch);
        if (expired.isEmpty()) {
            return 0;
        }
        return deleteByKeys(transaction, "DELETE FROM members m"
                        + " USING unnest(?::text[], ?::text[]) AS k(ns, identity_value)"
                        + " WHERE m.org_id = ? AND m.sandbox_name = ? AND m.audience_id = ?"
                        + " AND m.generation = COALESCE((SELECT g.generation FROM member_generations g"
                        + " WHERE g.org_id = ? AND g.sandbox_name = ? AND g.audience_id = ?), 0)"
                        + " AND m.identity_ns = k.ns AND m.identity_value = k.identity_value"
                        + " AND m.last_ingested_at_ms <= ?",
                new KeyArray("text", expired.stream().map(MemberDao.Key::ns).toArray()),
                new KeyArray("text", expired.stream().map(MemberDao.Key::identityValue).toArray()),
                org, sandbox, audienceId, org, sandbox, audienceId, cutoff);
    }

    /** A parameter bound as an SQL array of {@code type}. */
    private record KeyArray(String type, Object[] values) {
    }

    /**
     * Runs a delete, its parameters bound by position ({@link KeyArray}s as arrays), planned by PostgreSQL for the
     * keys it is given every time: prepared on the server, the sixth execution on a connection gets a generic plan,
     * far slower for these deletes (the sweep of a million expired members stopped at its tenth batch, over the
     * ten-second bound of a call).
     */
    private static int deleteByKeys(Handle transaction, String sql, Object... parameters) {
        try {
            Connection connection = transaction.getConnection();
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.unwrap(PGStatement.class).setPrepareThreshold(0);
                for (int i = 0; i < parameters.length; i++) {
                    if (parameters[i] instanceof KeyArray array) {
                        delete.setArray(i + 1, connection.createArrayOf(array.type(), array.values()));
                    } else {
                        delete.setObject(i + 1, parameters[i]);
                    }
                }
                return delete.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new ConnectionException(failed);
        }
    }

    /**
     * Refreshes the planner's statistics before the merge joins the tables. A staging table freshly bulk-loaded would
     * otherwise look empty, and a join planned for an empty table runs for ever on a million rows. The members table's
     * are stale too right after a bulk load (autovacuum analyses it up to a minute later), and a semi-join between a
     * million members and a million staged rows planned on them as a nested loop never ends. ANALYZE samples a fixed
     * number of rows: cheap at any size.
     */
    @Override
    public Merge prepare(Handle handle, MergeTarget target) {
        if (target.staged()) {
            handle.execute("ANALYZE " + target.staging());
        }
        // one run of an audience at a time: nothing else changes its members until this merge ends
        boolean hadMembers = handle.attach(Statements.class).hasAnyMember(target.org(), target.sandbox(),
                target.audience());
        if (hadMembers) {
            handle.execute("ANALYZE members");
        }
        return (transaction, mode, progress) -> merge(transaction, target, hadMembers, mode, progress);
    }

    private MergeOutcome merge(Handle transaction, MergeTarget target, boolean hadMembers, IngestionMode mode,
                               MergeStrategy.Written progress) {
        StagingDao staging = transaction.attach(StagingDao.class);
        MemberDao members = transaction.attach(MemberDao.class);
        Statements statements = transaction.attach(Statements.class);
        String org = target.org();
        String sandbox = target.sandbox();
        String audience = target.audience();
        boolean staged = target.staged();
        long rows = staged ? staging.countStaged(target.staging()) : 0;
        // before anything is written: "live before" is before this run
        long collapsed = CollapsedByNormalisation.count(transaction, target);
        if (mode == IngestionMode.FULL) {
            long live = hadMembers ? members.countLive(org, sandbox, audience, target.cutoff()) : 0;
            long updated = hadMembers && staged
                    ? statements.countLiveStaged(target.staging(), org, sandbox, audience, target.cutoff()) : 0;
            long generation = members.nextGeneration(org, sandbox, audience);
            long identities = 0;
            List<IdentityRange> ranges = staged ? ranges(transaction, target.staging(), rows) : List.of();
            for (int i = 0; i < ranges.size(); i++) {
                IdentityRange range = ranges.get(i);
                identities += statements.insertLastStaged(target.staging(), org, sandbox, audience, generation,
                        target.ingestedAt(), range.low(), range.high());
                if (i < ranges.size() - 1) {
                    progress.members(identities);
                }
            }
            return new MergeOutcome(identities - updated, updated, live - updated, rows - identities, collapsed);
        }
        if (!staged) {
            return new MergeOutcome(0, 0, 0, 0);
        }
        long generation = members.currentGeneration(org, sandbox, audience);
        long expiredRestaged = hadMembers && statements.hasExpired(org, sandbox, audience, target.cutoff())
                ? statements.countExpiredStaged(target.staging(), org, sandbox, audience, target.cutoff()) : 0;
        Upserted written = new Upserted(0, 0);
        List<IdentityRange> ranges = ranges(transaction, target.staging(), rows);
        for (int i = 0; i < ranges.size(); i++) {
            IdentityRange range = ranges.get(i);
            written = written.plus(hadMembers
                    ? statements.upsertLastStaged(target.staging(), org, sandbox, audience, generation,
                            target.ingestedAt(), range.low(), range.high())
                    : new Upserted(statements.insertLastStaged(target.staging(), org, sandbox, audience, generation,
                            target.ingestedAt(), range.low(), range.high()), 0));
            if (i < ranges.size() - 1) {
                progress.members(written.added() + written.updated());
            }
        }
        long identities = written.added() + written.updated();
        return new MergeOutcome(written.added() + expiredRestaged, written.updated() - expiredRestaged, 0,
                rows - identities, collapsed);
    }

    /** How many members one upsert added and how many it updated. */
    record Upserted(long added, long updated) {
        Upserted plus(Upserted more) {
            return new Upserted(added + more.added, updated + more.updated);
        }
    }

    /**
     * The identity values of one chunk of a merge: from {@code low} (inclusive) to {@code high} (exclusive), either
     * open when null. Every row of an identity falls in one chunk, so that each chunk resolves its identities'
     * duplicates alone, and the counts of the chunks add up to the merge's.
     */
    record IdentityRange(String low, String high) {
        static final IdentityRange ALL = new IdentityRange(null, null);
    }

    /**
     * The chunks of a merge of {@code rows} staged rows ({@link MergeChunks}), split at the quantiles of the staged
     * identity values that the staging table's statistics hold (its {@code ANALYZE}, before the merge, sampled them):
     * chunks of about equal size in the order of the members' key, so that each chunk's insert, sorted, goes on where
     * the last one ended. Chunks by a hash of the identity instead, tried as a hash-partitioned staging table, scatter
     * every chunk's inserts over the whole key: a million rows' merge in eight took 13.7 and 14.7 s, against 8.9 s in
     * one statement (PostgreSQL alone). Without a histogram (too few distinct values sampled), one chunk.
     */
    private List<IdentityRange> ranges(Handle transaction, String staging, long rows) {
        int count = chunks.over(rows);
        if (count == 1) {
            return List.of(IdentityRange.ALL);
        }
        List<String> quantiles = transaction.attach(Statements.class).identityQuantiles(staging);
        List<String> bounds = new ArrayList<>();
        for (int i = 1; i < count && quantiles.size() > 1; i++) {
            String bound = quantiles.get(i * (quantiles.size() - 1) / count);
            if (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(bound)) {
                bounds.add(bound);
            }
        }
        List<IdentityRange> ranges = new ArrayList<>(bounds.size() + 1);
        String low = null;
        for (String bound : bounds) {
            ranges.add(new IdentityRange(low, bound));
            low = bound;
        }
        ranges.add(new IdentityRange(low, null));
        return ranges;
    }

    /** The statements of this merge, over a run's staging table ({@code <staging>}) and the members table. */
    interface Statements {

        /**
         * The staged rows of one chunk ({@link IdentityRange}), one per identity (the one staged last), in key order:
         * PostgreSQL's DISTINCT ON.
         */
        String LAST_STAGED_PER_IDENTITY = "SELECT DISTINCT ON (identity_ns, identity_value) :org, :sandbox,"
                + " :audienceId, :generation, identity_ns, identity_value, attributes, :ingestedAt FROM <staging>"
                + " WHERE (CAST(:low AS VARCHAR) IS NULL OR identity_value >= :low)"
                + " AND (CAST(:high AS VARCHAR) IS NULL OR identity_value < :high)"
                + " ORDER BY identity_ns, identity_value, seq DESC";

        /**
         * Duplicates resolved, rows written and both counts taken in one statement ({@code xmax = 0} marks a row the
         * statement inserted rather than updated).
         */
        @SqlQuery("WITH written AS (INSERT INTO members (" + MemberDao.MEMBER_COLUMNS + ") "
                + LAST_STAGED_PER_IDENTITY
                + " ON CONFLICT (org_id, sandbox_name, audience_id, generation, identity_ns, identity_value) DO UPDATE"
                + " SET attributes = EXCLUDED.attributes, last_ingested_at_ms = EXCLUDED.last_ingested_at_ms"
                + " RETURNING (xmax = 0) AS inserted)"
                + " SELECT COUNT(*) FILTER (WHERE inserted) AS added, COUNT(*) FILTER (WHERE NOT inserted) AS updated"
                + " FROM written")
        @RegisterConstructorMapper(Upserted.class)
        Upserted upsertLastStaged(@Define("staging") String staging, @Bind("org") String org,
                                  @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                                  @Bind("generation") long generation, @Bind("ingestedAt") long ingestedAt,
                                  @Bind("low") String low, @Bind("high") String high);

        /** Into a generation with no rows yet: a plain insert, cheaper than an upsert. */
        @SqlUpdate("INSERT INTO members (" + MemberDao.MEMBER_COLUMNS + ") " + LAST_STAGED_PER_IDENTITY)
        int insertLastStaged(@Define("staging") String staging, @Bind("org") String org,
                             @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                             @Bind("generation") long generation, @Bind("ingestedAt") long ingestedAt,
                             @Bind("low") String low, @Bind("high") String high);

        /**
         * The bounds of the staged identity values' histogram, in the column's order, from the statistics of the
         * table's last {@code ANALYZE}; none without one.
         */
        @SqlQuery("SELECT bound FROM pg_stats, unnest(histogram_bounds::text::text[]) WITH ORDINALITY AS h(bound, i)"
                + " WHERE schemaname = current_schema() AND tablename = :staging AND attname = 'identity_value'"
                + " ORDER BY i")
        List<String> identityQuantiles(@Bind("staging") String staging);

        /** Expired members that the run staged again: its upsert counts them as updated, the run as added. */
        @SqlQuery("SELECT COUNT(*) FROM members m WHERE m.org_id = :org AND m.sandbox_name = :sandbox"
                + " AND m.audience_id = :audienceId AND m.generation = " + MemberDao.CURRENT
                + " AND m.last_ingested_at_ms <= :cutoff AND EXISTS (SELECT 1 FROM <staging> s"
                + " WHERE s.identity_ns = m.identity_ns AND s.identity_value = m.identity_value)")
        long countExpiredStaged(@Define("staging") String staging, @Bind("org") String org,
                                @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                                @Bind("cutoff") long cutoff);

        /** Live members that the run staged (once each, however often they were staged). */
        @SqlQuery("SELECT COUNT(*) FROM members m WHERE m.org_id = :org AND m.sandbox_name = :sandbox"
                + " AND m.audience_id = :audienceId AND m.generation = " + MemberDao.CURRENT
                + " AND m.last_ingested_at_ms > :cutoff AND EXISTS (SELECT 1 FROM <staging> s"
                + " WHERE s.identity_ns = m.identity_ns AND s.identity_value = m.identity_value)")
        long countLiveStaged(@Define("staging") String staging, @Bind("org") String org,
                             @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                             @Bind("cutoff") long cutoff);

        @SqlQuery("SELECT EXISTS (SELECT 1 FROM members WHERE " + MemberDao.SCOPE
                + " AND last_ingested_at_ms <= :cutoff)")
        boolean hasExpired(@Bind("org") String org, @Bind("sandbox") String sandbox,
                           @Bind("audienceId") String audienceId, @Bind("cutoff") long cutoff);

        @SqlQuery("SELECT EXISTS (SELECT 1 FROM members WHERE " + MemberDao.SCOPE + ")")
        boolean hasAnyMember(@Bind("org") String org, @Bind("sandbox") String sandbox,
                             @Bind("audienceId") String audienceId);
    }
}
