package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.run.IngestionMode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * H2, in portable SQL: a batch is staged by one batched insert, and a merge drops the duplicates from the staging
 * table first, then counts, then writes in one set-based statement: an insert of the next generation for a full run,
 * a MERGE into the current one for a differential run.
 */
final class PortableMerge implements MergeStrategy {

    private final MergeChunks chunks;

    PortableMerge(MergeChunks chunks) {
        this.chunks = chunks;
    }

    /**
     * A JDBC batch of deletes by key, in portable SQL (on H2 a delete of the key's range up to the batch's last key,
     * tried instead, did not use the index and took nine times as long).
     */
    @Override
    public int deleteReplaced(Handle transaction, String org, String sandbox, String audienceId,
                              List<MemberDao.Key> keys) {
        return Arrays.stream(transaction.attach(MemberDao.class).deleteByKey(org, sandbox, audienceId,
                keys.stream().map(MemberDao.Key::generation).toList(),
                keys.stream().map(MemberDao.Key::ns).toList(),
                keys.stream().map(MemberDao.Key::identityValue).toList())).sum();
    }

    /**
     * One statement: H2 deletes the first {@code batch} rows it finds on the expiry index, with no keys selected
     * first and none bound back (on H2 alone, a million expired members in 24.9 s this way, 28.8 s selecting each
     * batch's keys and deleting them in a JDBC batch). {@code FETCH FIRST} on a DELETE is H2's (PostgreSQL has no
     * limit on a DELETE), the one statement here that is not portable.
     */
    @Override
    public int removeExpired(Handle transaction, String org, String sandbox, String audienceId, long cutoff,
                             int batch) {
        return transaction.attach(Statements.class).removeExpired(org, sandbox, audienceId, cutoff, batch);
    }

    /**
     * Each batch as the engine reads it: larger writes made H2 no faster and doubled a status read's p99 while a run
     * stages (BENCHMARKS.md), its readers waiting on the longer writes.
     */
    @Override
    public int membersPerWrite() {
        return 1;
    }

    @Override
    public String stagingTableKind() {
        return "";
    }

    /**
     * H2 writes a sequence's state to its file, and commits the file, every CACHE values: 32 by default, so that
     * staging a million rows committed the store 31,000 times, half the staging thread's samples in a flight
     * recording. A larger cache changes no value's order (H2's sequence is one counter for the whole database); a
     * crash skips the values it had reserved, and the run it cut short is failed anyway. The key is what the merge's
     * removal of an identity's earlier rows looks them up by.
     */
    @Override
    public String stagingRowOrder() {
        return "(CACHE 100000) PRIMARY KEY";
    }

    /**
     * One JDBC batch of prepared inserts, in a transaction of its own: H2 commits a batch run in auto-commit row by row
     * (a million rows staged in 18 s that way, in 8 s as 200 transactions of 5,000, measured on an H2 file here). JDBI's
     * batch binding, per parameter of every row, cost more than H2's insert of it.
     */
    @Override
    public void append(Handle handle, String staging, List<StagedMember> batch, boolean respelled) {
        handle.useTransaction(transaction -> {
            try (PreparedStatement insert = transaction.getConnection().prepareStatement("INSERT INTO " + staging
                    + (respelled ? " (identity_ns, identity_value, attributes, identity_spelling) VALUES (?, ?, ?, ?)"
                    : " (identity_ns, identity_value, attributes) VALUES (?, ?, ?)"))) {
                StringBuilder json = new StringBuilder(128);
                for (StagedMember member : batch) {
                    json.setLength(0);
                    Json.appendAttributes(json, member.attributes());
                    insert.setString(1, member.identity().namespace().code());
                    insert.setString(2, member.identity().value());
                    insert.setString(3, json.toString());
                    if (respelled) {
                        insert.setString(4, member.spelling().orElse(null));
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            } catch (SQLException failed) {
                throw new ConnectionException(failed);
            }
        });
    }

    /**
     * Refreshes the planner's statistics of the staging table before the merge joins it: freshly bulk-loaded, it
     * would otherwise look empty, and a join planned for an empty table runs for ever on a million rows. Counts the
     * staged rows and identities, and when some identity was staged more than once, indexes the rows by identity, for
     * the merge to find the rows a later one superseded. Outside the merge's transaction, since on H2 ANALYZE and
     * CREATE INDEX commit whatever is open; nothing else writes a run's staging once it is read.
     */
    @Override
    public Merge prepare(Handle handle, MergeTarget target) {
        if (!target.staged()) {
            return (transaction, mode, progress) -> merge(transaction, target, mode, progress, 0, 0);
        }
        handle.execute("ANALYZE TABLE " + target.staging() + " SAMPLE_SIZE 10000");
        StagingDao staging = handle.attach(StagingDao.class);
        long rows = staging.countStaged(target.staging());
        long identities = staging.countStagedIdentities(target.staging());
        if (identities < rows) {
            handle.attach(Statements.class).indexStagedIdentities(target.staging());
        }
        return (transaction, mode, progress) -> merge(transaction, target, mode, progress, rows, identities);
    }

    private MergeOutcome merge(Handle transaction, MergeTarget target, IngestionMode mode,
                               MergeStrategy.Written progress, long rows, long identities) {
        MemberDao members = transaction.attach(MemberDao.class);
        Statements statements = transaction.attach(Statements.class);
        // before the duplicates go: the spellings of the rows they replaced count too
        long collapsed = CollapsedByNormalisation.count(transaction, target);
        if (identities < rows) {
            statements.dropSupersededStaged(target.staging());
        }
        long live = members.countLive(target.org(), target.sandbox(), target.audience(), target.cutoff());
        long updated = live == 0 || identities == 0 ? 0 : statements.countStagedAndLive(target.staging(),
                target.org(), target.sandbox(), target.audience(), target.cutoff());
        long removed = mode == IngestionMode.FULL ? live - updated : 0;
        // a full merge writes a new generation even when nothing was staged: the old one's members go
        long generation = mode == IngestionMode.FULL
                ? members.nextGeneration(target.org(), target.sandbox(), target.audience()) : 0;
        if (target.staged()) {
            List<SeqRange> ranges = statements.stagedRange(target.staging()).split(chunks.over(identities));
            long written = 0;
            for (int i = 0; i < ranges.size(); i++) {
                SeqRange range = ranges.get(i);
                written += mode == IngestionMode.FULL
                        ? statements.insertStaged(target.staging(), target.org(), target.sandbox(), target.audience(),
                                generation, target.ingestedAt(), range.after(), range.upTo())
                        : statements.mergeStaged(target.staging(), target.org(), target.sandbox(), target.audience(),
                                target.ingestedAt(), range.after(), range.upTo());
                if (i < ranges.size() - 1) {
                    progress.members(written);
                }
            }
        }
        return new MergeOutcome(identities - updated, updated, removed, rows - identities, collapsed);
    }

    /** Staged rows by their key: those staged after row {@code after}, up to row {@code upTo}. */
    record SeqRange(long after, long upTo) {

        /**
         * The chunks of a merge ({@link MergeChunks}): {@code count} ranges of about equal length, end to end. The
         * key walks each, so that chunks cost what one statement does; by the time they are written, staging holds
         * one row per identity, so a chunk needs no other to resolve its duplicates.
         */
        List<SeqRange> split(int count) {
            List<SeqRange> ranges = new ArrayList<>(count);
            long from = after;
            for (int i = 1; i <= count; i++) {
                long to = i == count ? upTo : after + (upTo - after) * i / count;
                ranges.add(new SeqRange(from, to));
                from = to;
            }
            return ranges;
        }
    }

    /** The statements of this merge, over a run's staging table ({@code <staging>}) and the members table. */
    interface Statements {

        /**
         * At most {@code batch} of the audience's current members expired at the cutoff
         * ({@link PortableMerge#removeExpired}).
         */
        @SqlUpdate("DELETE FROM members WHERE " + MemberDao.SCOPE + " AND last_ingested_at_ms <= :cutoff"
                + " FETCH FIRST :batch ROWS ONLY")
        int removeExpired(@Bind("org") String org, @Bind("sandbox") String sandbox,
                          @Bind("audienceId") String audienceId, @Bind("cutoff") long cutoff, @Bind("batch") int batch);

        /** The staged rows by identity, in the order staged: what {@link #dropSupersededStaged} looks rows up by. */
        @SqlUpdate("CREATE INDEX <staging>_by_identity ON <staging> (identity_ns, identity_value, seq)")
        void indexStagedIdentities(@Define("staging") String staging);

        /**
         * Keeps, of each identity staged more than once, only the row staged last: a row goes when the index
         * ({@link #indexStagedIdentities}) has a later one of its identity. Two ways of ranking the rows by a window
         * function instead, tried first, held every staged row in memory: H2 ran out of its 256 MiB heap on a million
         * rows of 500,000 identities and closed the database; this took 13.7 s for them, the index's build included.
         * The second, a {@code DELETE ... WHERE seq IN} the ranked rows, also ranked the whole table again for every
         * row (on H2 alone, 2,000 rows of 1,000 identities took 2.3 s, 6,000 rows 23 s).
         */
        @SqlUpdate("DELETE FROM <staging> s WHERE EXISTS (SELECT 1 FROM <staging> later"
                + " WHERE later.identity_ns = s.identity_ns AND later.identity_value = s.identity_value"
                + " AND later.seq > s.seq)")
        int dropSupersededStaged(@Define("staging") String staging);

        /**
         * A subquery per staged row, not a join: the staging table has no index, and H2 has been seen to plan the join
         * with the members outside and the staging table scanned once per member, which never ends on a million rows.
         * Staging holds one row per identity by now, so this counts what the join counted.
         */
        @SqlQuery("SELECT COUNT(*) FROM <staging> s WHERE EXISTS (SELECT 1 FROM members m WHERE "
                + MemberDao.MATCHES_STAGED + " AND m.last_ingested_at_ms > :cutoff)")
        long countStagedAndLive(@Define("staging") String staging, @Bind("org") String org,
                                @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                                @Bind("cutoff") long cutoff);

        /** Every staged row: from before the first to the last. */
        @SqlQuery("SELECT COALESCE(MIN(seq), 1) - 1 AS after, COALESCE(MAX(seq), 0) AS upTo FROM <staging>")
        @RegisterConstructorMapper(SeqRange.class)
        SeqRange stagedRange(@Define("staging") String staging);

        /** A full merge writes a chunk of the staged rows as the given (new) generation, in one set-based insert. */
        @SqlUpdate("INSERT INTO members (" + MemberDao.MEMBER_COLUMNS + ") SELECT :org, :sandbox, :audienceId,"
                + " :generation, identity_ns, identity_value, attributes, :ingestedAt FROM <staging>"
                + " WHERE seq > :after AND seq <= :upTo")
        int insertStaged(@Define("staging") String staging, @Bind("org") String org, @Bind("sandbox") String sandbox,
                         @Bind("audienceId") String audienceId, @Bind("generation") long generation,
                         @Bind("ingestedAt") long ingestedAt, @Bind("after") long after, @Bind("upTo") long upTo);

        /** A differential merge of a chunk: one set-based upsert into the current generation, in standard SQL MERGE. */
        @SqlUpdate("MERGE INTO members m USING (SELECT identity_ns, identity_value, attributes FROM <staging>"
                + " WHERE seq > :after AND seq <= :upTo) s"
                + " ON (" + MemberDao.MATCHES_STAGED + ")"
                + " WHEN MATCHED THEN UPDATE SET attributes = s.attributes, last_ingested_at_ms = :ingestedAt"
                + " WHEN NOT MATCHED THEN INSERT (" + MemberDao.MEMBER_COLUMNS + ")"
                + " VALUES (:org, :sandbox, :audienceId, " + MemberDao.CURRENT + ", s.identity_ns, s.identity_value,"
                + " s.attributes, :ingestedAt)")
        int mergeStaged(@Define("staging") String staging, @Bind("org") String org, @Bind("sandbox") String sandbox,
                        @Bind("audienceId") String audienceId, @Bind("ingestedAt") long ingestedAt,
                        @Bind("after") long after, @Bind("upTo") long upTo);
    }
}
