package dev.extaudiences.adapter.jdbi;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The members table and the audiences' generations. Members are kept in generations (see the members table in the
 * baseline migration): reads and differential writes address the audience's current generation, a full merge writes
 * the next. The merges' own statements are their database's ({@link MergeStrategy}).
 */
@RegisterConstructorMapper(MemberDao.Row.class)
interface MemberDao {

    record Row(String audienceId, String ns, String identityValue, String attributes, long lastIngestedAt) {
    }

    /** A member row's key, generation included: what the sweeper deletes by. */
    record Key(long generation, String ns, String identityValue) {
    }

    String COLUMNS = "audience_id AS audienceId, identity_ns AS ns, identity_value AS identityValue, attributes,"
            + " last_ingested_at_ms AS lastIngestedAt";

    String MEMBER_COLUMNS = "org_id, sandbox_name, audience_id, generation, identity_ns, identity_value, attributes,"
            + " last_ingested_at_ms";

    String AUDIENCE = "org_id = :org AND sandbox_name = :sandbox AND audience_id = :audienceId";

    /** The audience's current generation, read inside the statement that uses it. */
    String CURRENT = "COALESCE((SELECT g.generation FROM member_generations g WHERE g.org_id = :org"
            + " AND g.sandbox_name = :sandbox AND g.audience_id = :audienceId), 0)";

    /** The audience's members as readers see them. */
    String SCOPE = AUDIENCE + " AND generation = " + CURRENT;

    /** A staged row and the current member of the same identity. */
    String MATCHES_STAGED = "m.org_id = :org AND m.sandbox_name = :sandbox AND m.audience_id = :audienceId"
            + " AND m.generation = " + CURRENT
            + " AND m.identity_ns = s.identity_ns AND m.identity_value = s.identity_value";

    // ---- generations ----

    @SqlQuery("SELECT " + CURRENT)
    long currentGeneration(@Bind("org") String org, @Bind("sandbox") String sandbox,
                           @Bind("audienceId") String audienceId);

    @SqlUpdate("DELETE FROM member_generations WHERE " + AUDIENCE)
    void forgetGeneration(@Bind("org") String org, @Bind("sandbox") String sandbox,
                          @Bind("audienceId") String audienceId);

    @SqlUpdate("INSERT INTO member_generations (org_id, sandbox_name, audience_id, generation)"
            + " VALUES (:org, :sandbox, :audienceId, :generation)")
    void recordGeneration(@Bind("org") String org, @Bind("sandbox") String sandbox,
                          @Bind("audienceId") String audienceId, @Bind("generation") long generation);

    /**
     * Makes the audience's next generation current and answers its number: a full merge writes what the run read
     * into it, in the same transaction. The members it did not read are gone for readers at once; their rows go
     * afterwards, in batches ({@link JdbiMembers#removeReplaced}).
     */
    default long nextGeneration(String org, String sandbox, String audienceId) {
        long next = currentGeneration(org, sandbox, audienceId) + 1;
        forgetGeneration(org, sandbox, audienceId);
        recordGeneration(org, sandbox, audienceId, next);
        return next;
    }

    /** Every row of the audience, whatever its generation and expiry. */
    @SqlQuery("SELECT COUNT(*) FROM members WHERE " + AUDIENCE)
    long countRows(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId);

    /**
     * Rows of generations before {@code current}, which no reader sees any longer: housekeeping's work. The current
     * generation is bound, read before in the same transaction: with it written as a subquery, H2 did not bound its
     * walk of the primary key by it and read every row of the current generation whenever there was nothing left to
     * find (88 to 650 ms at 300,000 members, against 0.2 ms bound), which every batch of the expiry sweep asks first.
     */
    @SqlQuery("SELECT generation, identity_ns AS ns, identity_value AS identityValue FROM members WHERE " + AUDIENCE
            + " AND generation < :current LIMIT :batch")
    @RegisterConstructorMapper(Key.class)
    List<Key> replaced(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                       @Bind("current") long current, @Bind("batch") int batch);

    @SqlBatch("DELETE FROM members WHERE " + AUDIENCE
            + " AND generation = :generation AND identity_ns = :ns AND identity_value = :identityValue")
    int[] deleteByKey(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                      @Bind("generation") List<Long> generations, @Bind("ns") List<String> ns,
                      @Bind("identityValue") List<String> values);

    // ---- reading ----

    @SqlQuery("SELECT " + COLUMNS + " FROM members WHERE " + SCOPE
            + " AND identity_ns = :ns AND identity_value = :value AND last_ingested_at_ms > :cutoff")
    Optional<Row> find(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                       @Bind("ns") String ns, @Bind("value") String value, @Bind("cutoff") long cutoff);

    /**
     * A page walks the primary key in its order and stops at the page's end. H2 does so only when the ORDER BY names
     * the key's columns from its first and no other index looks cheaper: with the expiry index usable (for the
     * cutoff) and the order by identity alone, it read and sorted every member of the audience for each page (a page
     * of 100 of a million members took 5.0 to 7.7 s through the server, 1.0 to 1.7 s now, of which counting the total
     * beside it takes about 0.5 s). The first four columns are fixed by the WHERE, so the order is the identities'. The
     * cutoff is written {@code + 0} so that no index is chosen for it; PostgreSQL walks the primary key either way.
     * {@code MemberQueryPlansTest} holds H2's plan to this.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM members WHERE " + SCOPE + " AND last_ingested_at_ms + 0 > :cutoff"
            + " ORDER BY org_id, sandbox_name, audience_id, generation, identity_ns, identity_value"
            + " LIMIT :limit OFFSET :offset")
    List<Row> page(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                   @Bind("cutoff") long cutoff, @Bind("offset") long offset, @Bind("limit") int limit);

    @SqlQuery("SELECT COUNT(*) FROM members WHERE " + SCOPE + " AND last_ingested_at_ms > :cutoff")
    long countLive(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                   @Bind("cutoff") long cutoff);

    @SqlQuery("SELECT " + COLUMNS + " FROM members m WHERE m.org_id = :org AND m.sandbox_name = :sandbox"
            + " AND m.identity_ns = :ns AND m.identity_value = :value AND m.generation = COALESCE((SELECT"
            + " g.generation FROM member_generations g WHERE g.org_id = m.org_id AND g.sandbox_name = m.sandbox_name"
            + " AND g.audience_id = m.audience_id), 0) ORDER BY m.audience_id")
    List<Row> memberships(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("ns") String ns,
                          @Bind("value") String value);

    // ---- expiry ----

    /**
     * The keys of a batch of expired members, oldest first, walking the expiry index in its order: what PostgreSQL's
     * sweep deletes next ({@link PostgresMerge#removeExpired}; H2 deletes a batch in one statement). The ORDER BY
     * names the index's columns from its first, the first four fixed by the WHERE: the form every database reads as
     * the index's order (H2, ordered by the expiry alone, read and sorted every expired member for each batch).
     */
    @SqlQuery("SELECT generation, identity_ns AS ns, identity_value AS identityValue FROM members WHERE " + SCOPE
            + " AND last_ingested_at_ms <= :cutoff"
            + " ORDER BY org_id, sandbox_name, audience_id, generation, last_ingested_at_ms LIMIT :batch")
    @RegisterConstructorMapper(Key.class)
    List<Key> expired(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId,
                      @Bind("cutoff") long cutoff, @Bind("batch") int batch);

    /** Every row of the audience, of every generation. */
    @SqlUpdate("DELETE FROM members WHERE " + AUDIENCE)
    void deleteMembers(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("audienceId") String audienceId);
}
