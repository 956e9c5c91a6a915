package dev.extaudiences.adapter.jdbi;

import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** What both databases ask of a run's staging table ({@code <staging>}); see {@link StagingTables} for its shape. */
interface StagingDao {

    @SqlQuery("SELECT COUNT(*) FROM <staging>")
    long countStaged(@Define("staging") String staging);

    @SqlQuery("SELECT COUNT(*) FROM (SELECT DISTINCT identity_ns, identity_value FROM <staging>) identities")
    long countStagedIdentities(@Define("staging") String staging);
}
