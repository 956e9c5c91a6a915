package dev.extaudiences.adapter.jdbi;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * How many staged rows normalisation collapsed ({@link dev.extaudiences.core.member.MergeOutcome#collapsed()}),
 * counted the same way by both databases' merges and by the dry run's preview: over every row the run staged, before
 * a merge drops the duplicates or writes a member, so that "live before" means before this run. A run that staged no
 * row in another spelling (the staging registry's count, {@link StagingTables#respelledRows}) costs no statement.
 */
final class CollapsedByNormalisation {

    private CollapsedByNormalisation() {
    }

    static long count(Handle handle, MergeTarget target) {
        if (!target.staged() || target.respelled() == 0) {
            return 0;
        }
        return handle.attach(Statements.class).countCollapsed(target.staging(), target.org(), target.sandbox(),
                target.audience(), target.cutoff());
    }

    interface Statements {

        /**
         * One pass grouping the staged rows by identity: of each identity staged at least once respelled, its
         * respelled rows count when it was staged in more than one form (its own form, NULL, reads as the empty
         * string, which no spelling is) or has a live member in the current generation.
         */
        @SqlQuery("SELECT COALESCE(SUM(s.respelled), 0) FROM (SELECT identity_ns, identity_value,"
                + " COUNT(identity_spelling) AS respelled, COUNT(DISTINCT COALESCE(identity_spelling, '')) AS forms"
                + " FROM <staging> GROUP BY identity_ns, identity_value HAVING COUNT(identity_spelling) > 0) s"
                + " WHERE s.forms > 1 OR EXISTS (SELECT 1 FROM members m WHERE " + MemberDao.MATCHES_STAGED
                + " AND m.last_ingested_at_ms > :cutoff)")
        long countCollapsed(@Define("staging") String staging, @Bind("org") String org,
                            @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                            @Bind("cutoff") long cutoff);
    }
}
