package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.run.IngestionMode;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * What a merge would do, counted by reading alone, for a dry run: the same counts as both databases' merges (added:
 * staged identities with no live member; updated: those with one; removed, by a full merge: the live members it did
 * not stage; duplicates: staged rows an identity staged later replaced; collapsed: as
 * {@link CollapsedByNormalisation} counts for the merges), written as counting queries beside the merges rather than
 * inside them, so that a merge's statements can change for speed without a dry run's changing with them. Contract
 * rule MEM-31 holds the two to the same counts on every store.
 */
final class MergePreview {

    private MergePreview() {
    }

    static MergeOutcome count(Handle handle, MergeTarget target, IngestionMode mode) {
        StagingDao staging = handle.attach(StagingDao.class);
        MemberDao members = handle.attach(MemberDao.class);
        long rows = target.staged() ? staging.countStaged(target.staging()) : 0;
        long identities = target.staged() ? staging.countStagedIdentities(target.staging()) : 0;
        long live = members.countLive(target.org(), target.sandbox(), target.audience(), target.cutoff());
        long updated = live == 0 || identities == 0 ? 0 : handle.attach(Statements.class).countLiveStagedIdentities(
                target.staging(), target.org(), target.sandbox(), target.audience(), target.cutoff());
        long removed = mode == IngestionMode.FULL ? live - updated : 0;
        return new MergeOutcome(identities - updated, updated, removed, rows - identities,
                CollapsedByNormalisation.count(handle, target));
    }

    interface Statements {

        /** Staged identities (each once, however often staged) that have a live member in the current generation. */
        @SqlQuery("SELECT COUNT(*) FROM (SELECT DISTINCT identity_ns, identity_value FROM <staging>) s"
                + " WHERE EXISTS (SELECT 1 FROM members m WHERE " + MemberDao.MATCHES_STAGED
                + " AND m.last_ingested_at_ms > :cutoff)")
        long countLiveStagedIdentities(@Define("staging") String staging, @Bind("org") String org,
                                       @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                                       @Bind("cutoff") long cutoff);
    }
}
