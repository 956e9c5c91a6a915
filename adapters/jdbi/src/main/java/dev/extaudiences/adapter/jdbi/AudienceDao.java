package dev.extaudiences.adapter.jdbi;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(AudienceDao.Row.class)
interface AudienceDao {

    /** The columns of migration V5 (how identities are kept at rest, and the audience's phone region). */
    String IDENTITY_COLUMNS = "identity_storage AS identityStorage, phone_region AS phoneRegion";

    record Row(String id, long version, String body, String identityStorage, String phoneRegion) {
    }

    @SqlUpdate("INSERT INTO audiences (org_id, sandbox_name, audience_id, name, custom_audience_id,"
            + " created_at_ms, version, body, identity_storage, phone_region)"
            + " VALUES (:org, :sandbox, :id, :name, :customId, :createdAt, :version, :body, :storage, :region)")
    void insert(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id,
                @Bind("name") String name, @Bind("customId") String customId,
                @Bind("createdAt") long createdAt, @Bind("version") long version, @Bind("body") String body,
                @Bind("storage") String identityStorage, @Bind("region") String phoneRegion);

    @SqlQuery("SELECT audience_id AS id, version, body, " + IDENTITY_COLUMNS + " FROM audiences"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND audience_id = :id")
    Optional<Row> find(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id);

    @SqlQuery("SELECT COUNT(*) FROM audiences WHERE org_id = :org AND sandbox_name = :sandbox AND name = :name")
    long countNamed(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("name") String name);

    @SqlQuery("SELECT COUNT(*) FROM audiences"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND custom_audience_id = :customId")
    long countWithCustomId(@Bind("org") String org, @Bind("sandbox") String sandbox,
                           @Bind("customId") String customId);

    @SqlQuery("SELECT audience_id AS id, version, body, " + IDENTITY_COLUMNS + " FROM audiences WHERE org_id = :org AND sandbox_name = :sandbox"
            + " ORDER BY created_at_ms, audience_id LIMIT :limit OFFSET :offset")
    List<Row> page(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("offset") long offset,
                   @Bind("limit") int limit);

    @RegisterConstructorMapper(ScopedRow.class)
    @SqlQuery("SELECT org_id AS org, sandbox_name AS sandbox, audience_id AS id, version, body, " + IDENTITY_COLUMNS
            + " FROM audiences"
            + " ORDER BY created_at_ms, org_id, sandbox_name, audience_id LIMIT :limit OFFSET :offset")
    List<ScopedRow> pageAll(@Bind("offset") long offset, @Bind("limit") int limit);

    @SqlQuery("SELECT COUNT(*) FROM audiences")
    long countAll();

    record ScopedRow(String org, String sandbox, String id, long version, String body, String identityStorage,
                     String phoneRegion) {
    }

    @SqlQuery("SELECT COUNT(*) FROM audiences WHERE org_id = :org AND sandbox_name = :sandbox")
    long count(@Bind("org") String org, @Bind("sandbox") String sandbox);

    @SqlUpdate("UPDATE audiences SET body = :body, version = :version, identity_storage = :storage"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND audience_id = :id AND version = :version - 1")
    int replace(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id,
                @Bind("version") long version, @Bind("body") String body, @Bind("storage") String identityStorage);

    @SqlUpdate("DELETE FROM audiences WHERE org_id = :org AND sandbox_name = :sandbox AND audience_id = :id")
    int delete(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id);
}
