package dev.extaudiences.adapter.jdbi;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(WebhookDao.SubscriptionRow.class)
@RegisterConstructorMapper(WebhookDao.DeliveryRow.class)
@RegisterConstructorMapper(WebhookDao.AttemptRow.class)
interface WebhookDao {

    record SubscriptionRow(String org, String sandbox, String id, String url, String events, String secret,
                           String createdBy, long createdAt) {
    }

    record DeliveryRow(String id, String org, String sandbox, String webhook, String orderingKey, String eventId,
                       String eventType, String body, long createdAt, String state, int attempts, long nextAttempt) {
    }

    record AttemptRow(String delivery, int attempt, long at, String outcome, Integer statusCode, String error,
                      Long nextAttempt) {
    }

    String SUBSCRIPTION = "SELECT org_id AS org, sandbox_name AS sandbox, webhook_id AS id, url, events, secret,"
            + " created_by, created_at_ms AS created_at FROM webhook_subscriptions";

    String DELIVERY = "SELECT delivery_id AS id, org_id AS org, sandbox_name AS sandbox, webhook_id AS webhook,"
            + " ordering_key, event_id, event_type, body, created_at_ms AS created_at, state, attempts,"
            + " next_attempt_ms AS next_attempt FROM webhook_deliveries";

    @SqlUpdate("INSERT INTO webhook_subscriptions (org_id, sandbox_name, webhook_id, url, events, secret, created_by,"
            + " created_at_ms) VALUES (:org, :sandbox, :id, :url, :events, :secret, :createdBy, :createdAt)")
    void insertSubscription(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id,
                            @Bind("url") String url, @Bind("events") String events, @Bind("secret") String secret,
                            @Bind("createdBy") String createdBy, @Bind("createdAt") long createdAt);

    @SqlQuery(SUBSCRIPTION + " WHERE org_id = :org AND sandbox_name = :sandbox AND webhook_id = :id")
    Optional<SubscriptionRow> subscription(@Bind("org") String org, @Bind("sandbox") String sandbox,
                                           @Bind("id") String id);

    @SqlQuery(SUBSCRIPTION + " WHERE org_id = :org AND sandbox_name = :sandbox ORDER BY position")
    List<SubscriptionRow> subscriptions(@Bind("org") String org, @Bind("sandbox") String sandbox);

    @SqlUpdate("DELETE FROM webhook_subscriptions WHERE org_id = :org AND sandbox_name = :sandbox AND webhook_id = :id")
    int deleteSubscription(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("id") String id);

    @SqlUpdate("INSERT INTO webhook_deliveries (delivery_id, org_id, sandbox_name, webhook_id, ordering_key, event_id,"
            + " event_type, body, created_at_ms, state, attempts, next_attempt_ms) VALUES (:id, :org, :sandbox,"
            + " :webhook, :orderingKey, :eventId, :eventType, :body, :createdAt, :state, :attempts, :nextAttempt)")
    void insertDelivery(@Bind("id") String id, @Bind("org") String org, @Bind("sandbox") String sandbox,
                        @Bind("webhook") String webhook, @Bind("orderingKey") String orderingKey,
                        @Bind("eventId") String eventId, @Bind("eventType") String eventType,
                        @Bind("body") String body, @Bind("createdAt") long createdAt, @Bind("state") String state,
                        @Bind("attempts") int attempts, @Bind("nextAttempt") long nextAttempt);

    /** The oldest pending delivery of each queue that is due and not leased: the candidates of a claim. */
    @SqlQuery("SELECT d.delivery_id FROM webhook_deliveries d WHERE d.state = 'PENDING'"
            + " AND d.next_attempt_ms <= :now AND (d.lease_until_ms IS NULL OR d.lease_until_ms < :now)"
            + " AND d.webhook_id NOT IN (<busy>)"
            + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id"
            + " AND e.ordering_key = d.ordering_key AND e.org_id = d.org_id AND e.sandbox_name = d.sandbox_name"
            + " AND e.state = 'PENDING' AND e.position < d.position)"
            + " ORDER BY d.position LIMIT :limit")
    List<String> claimable(@Bind("now") long now, @Bind("limit") int limit, @BindList("busy") List<String> busy);

    /** Takes the lease on one candidate; answers 0 when another worker took it first. */
    @SqlUpdate("UPDATE webhook_deliveries SET lease_owner = :worker, lease_until_ms = :until"
            + " WHERE delivery_id = :id AND state = 'PENDING'"
            + " AND (lease_until_ms IS NULL OR lease_until_ms < :now)")
    int lease(@Bind("id") String id, @Bind("worker") String worker, @Bind("until") long until, @Bind("now") long now);

    @SqlQuery(DELIVERY + " WHERE delivery_id IN (<ids>) ORDER BY position")
    List<DeliveryRow> deliveries(@BindList("ids") List<String> ids);

    /** Moves a delivery on after an attempt and releases it; answers 0 when {@code worker} no longer holds it. */
    @SqlUpdate("UPDATE webhook_deliveries SET state = :state, attempts = :attempt, next_attempt_ms = :nextAttempt,"
            + " lease_owner = NULL, lease_until_ms = NULL"
            + " WHERE delivery_id = :id AND lease_owner = :worker AND attempts = :attempt - 1")
    int advance(@Bind("id") String id, @Bind("worker") String worker, @Bind("state") String state,
                @Bind("attempt") int attempt, @Bind("nextAttempt") long nextAttempt);

    @SqlUpdate("INSERT INTO webhook_attempts (delivery_id, attempt, at_ms, outcome, status_code, error,"
            + " next_attempt_ms) VALUES (:delivery, :attempt, :at, :outcome, :statusCode, :error, :nextAttempt)")
    void insertAttempt(@Bind("delivery") String delivery, @Bind("attempt") int attempt, @Bind("at") long at,
                       @Bind("outcome") String outcome, @Bind("statusCode") Integer statusCode,
                       @Bind("error") String error, @Bind("nextAttempt") Long nextAttempt);

    @SqlQuery(DELIVERY + " WHERE org_id = :org AND sandbox_name = :sandbox AND webhook_id = :webhook"
            + " ORDER BY position DESC LIMIT :limit")
    List<DeliveryRow> latest(@Bind("org") String org, @Bind("sandbox") String sandbox,
                             @Bind("webhook") String webhook, @Bind("limit") int limit);

    @SqlQuery("SELECT delivery_id AS delivery, attempt, at_ms AS at, outcome, status_code, error,"
            + " next_attempt_ms AS next_attempt FROM webhook_attempts WHERE delivery_id IN (<ids>)"
            + " ORDER BY delivery_id, attempt")
    List<AttemptRow> attempts(@BindList("ids") List<String> ids);

    @SqlUpdate("DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT delivery_id FROM webhook_deliveries"
            + " WHERE org_id = :org AND sandbox_name = :sandbox AND webhook_id = :webhook)")
    void deleteAttempts(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("webhook") String webhook);

    @SqlUpdate("DELETE FROM webhook_deliveries WHERE org_id = :org AND sandbox_name = :sandbox"
            + " AND webhook_id = :webhook")
    void deleteDeliveries(@Bind("org") String org, @Bind("sandbox") String sandbox, @Bind("webhook") String webhook);
}
