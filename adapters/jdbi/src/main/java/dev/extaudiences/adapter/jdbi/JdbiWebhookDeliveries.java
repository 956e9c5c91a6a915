package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.port.out.WebhookDeliveries;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.webhook.AttemptOutcome;
import dev.extaudiences.core.webhook.Delivery;
import dev.extaudiences.core.webhook.DeliveryAttempt;
import dev.extaudiences.core.webhook.DeliveryId;
import dev.extaudiences.core.webhook.DeliveryLog;
import dev.extaudiences.core.webhook.EventId;
import dev.extaudiences.core.webhook.WebhookId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox in the {@code webhook_deliveries} table, attempts in {@code webhook_attempts}. A claim takes each
 * candidate with its own conditional update of the lease, so that of nodes claiming at once exactly one takes it
 * (PostgreSQL re-reads the row under its lock; H2 locks it likewise), and an attempt is recorded with the delivery's
 * move in one transaction, only while the recording worker still holds the lease.
 */
public final class JdbiWebhookDeliveries implements WebhookDeliveries {

    private final Jdbi jdbi;

    public JdbiWebhookDeliveries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void add(List<Delivery> deliveries) {
        // one transaction, inserted in order: the identity column gives each queue its order
        SqlErrors.guarded(() -> jdbi.useTransaction(handle -> {
            WebhookDao dao = handle.attach(WebhookDao.class);
            for (Delivery d : deliveries) {
                dao.insertDelivery(d.id().value(), d.scope().orgId(), d.scope().sandboxName(), d.subscription().value(),
                        d.orderingKey(), d.eventId().value(), StoredWebhookNames.event(d.eventType()), d.body(),
                        d.createdAt().toEpochMilli(), StoredWebhookNames.state(d.state()), d.attempts(),
                        d.nextAttemptAt().toEpochMilli());
            }
        }));
    }

    @Override
    public List<Delivery> claimDue(Instant now, String worker, Instant leaseUntil, int limit, Set<WebhookId> busy) {
        long at = now.toEpochMilli();
        // never empty: an id is never blank, and NOT IN () is no SQL
        List<String> skipped = new ArrayList<>(List.of(""));
        busy.forEach(id -> skipped.add(id.value()));
        return SqlErrors.guarded(() -> jdbi.withExtension(WebhookDao.class, dao -> {
            List<String> leased = new ArrayList<>();
            for (String candidate : dao.claimable(at, limit, skipped)) {
                if (dao.lease(candidate, worker, leaseUntil.toEpochMilli(), at) == 1) {
                    leased.add(candidate);
                }
            }
            return leased.isEmpty() ? List.<Delivery>of()
                    : dao.deliveries(leased).stream().map(JdbiWebhookDeliveries::decode).toList();
        }));
    }

    @Override
    public boolean record(DeliveryAttempt attempt, String worker) {
        return SqlErrors.guarded(() -> jdbi.inTransaction(handle -> {
            WebhookDao dao = handle.attach(WebhookDao.class);
            String id = attempt.delivery().value();
            List<WebhookDao.DeliveryRow> rows = dao.deliveries(List.of(id));
            if (rows.isEmpty()) {
                return false;
            }
            long next = attempt.nextAttemptAt().orElse(Instant.ofEpochMilli(rows.get(0).nextAttempt()))
                    .toEpochMilli();
            if (dao.advance(id, worker, StoredWebhookNames.state(attempt.leaves()), attempt.number(), next) == 0) {
                return false;
            }
            AttemptOutcome outcome = attempt.outcome();
            Integer status = outcome instanceof AttemptOutcome.Acknowledged acknowledged ? acknowledged.statusCode()
                    : outcome instanceof AttemptOutcome.Refused refused ? Integer.valueOf(refused.statusCode()) : null;
            String error = outcome instanceof AttemptOutcome.Unreachable unreachable ? unreachable.error() : null;
            dao.insertAttempt(id, attempt.number(), attempt.at().toEpochMilli(), StoredWebhookNames.outcome(outcome),
                    status, error, attempt.nextAttemptAt().map(Instant::toEpochMilli).orElse(null));
            return true;
        }));
    }

    @Override
    public List<DeliveryLog> log(TenantScope scope, WebhookId subscription, int limit) {
        return SqlErrors.guarded(() -> jdbi.withExtension(WebhookDao.class, dao -> {
            List<WebhookDao.DeliveryRow> rows = dao.latest(scope.orgId(), scope.sandboxName(), subscription.value(),
                    limit);
            if (rows.isEmpty()) {
                return List.<DeliveryLog>of();
            }
            Map<String, List<DeliveryAttempt>> attempts = new HashMap<>();
            for (WebhookDao.AttemptRow row : dao.attempts(rows.stream().map(WebhookDao.DeliveryRow::id).toList())) {
                attempts.computeIfAbsent(row.delivery(), key -> new ArrayList<>()).add(new DeliveryAttempt(
                        new DeliveryId(row.delivery()), row.attempt(), Instant.ofEpochMilli(row.at()),
                        StoredWebhookNames.outcome(row.outcome(), row.statusCode(), row.error()),
                        Optional.ofNullable(row.nextAttempt()).map(Instant::ofEpochMilli)));
            }
            return rows.stream().map(row -> new DeliveryLog(decode(row),
                    attempts.getOrDefault(row.id(), List.of()))).toList();
        }));
    }

    @Override
    public void removeAll(TenantScope scope, WebhookId subscription) {
        SqlErrors.guarded(() -> jdbi.useTransaction(handle -> {
            WebhookDao dao = handle.attach(WebhookDao.class);
            dao.deleteAttempts(scope.orgId(), scope.sandboxName(), subscription.value());
            dao.deleteDeliveries(scope.orgId(), scope.sandboxName(), subscription.value());
        }));
    }

    private static Delivery decode(WebhookDao.DeliveryRow row) {
        return new Delivery(new DeliveryId(row.id()), new WebhookId(row.webhook()),
                new TenantScope(row.org(), row.sandbox()), row.orderingKey(), new EventId(row.eventId()),
                StoredWebhookNames.event(row.eventType()), row.body(), Instant.ofEpochMilli(row.createdAt()),
                StoredWebhookNames.state(row.state()), row.attempts(), Instant.ofEpochMilli(row.nextAttempt()));
    }
}
