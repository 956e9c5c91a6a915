package dev.extaudiences.adapter.jdbi;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(OperationDao.Row.class)
interface OperationDao {

    record Row(String org, String sandbox, String id, String body) {
    }

    @SqlUpdate("INSERT INTO audience_operations (org_id, sandbox_name, operation_id, status, created_at_ms, body)"
            + " VALUES (:org, :sandbox, :id, :status, :createdAt, :body)")
    void insert(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id,
                @Bind("status") String status, @Bind("createdAt") long createdAt, @Bind("body") String body);

    @SqlQuery("SELECT org_id AS org, sandbox_name AS sandbox, operation_id AS id, body FROM audience_operations"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND operation_id = :id")
    Optional<Row> find(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id);

    /** Ends a processing operation; answers 0 when it has already ended (or does not exist). */
    @SqlUpdate("UPDATE audience_operations SET status = :status, body = :body"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND operation_id = :id AND status = 'PROCESSING'")
    int end(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id,
            @Bind("status") String status, @Bind("body") String body);

    @SqlQuery("SELECT org_id AS org, sandbox_name AS sandbox, operation_id AS id, body FROM audience_operations"
            + " WHERE status = 'PROCESSING' ORDER BY created_at_ms, operation_id LIMIT :limit")
    List<Row> processing(@Bind("limit") int limit);
}
