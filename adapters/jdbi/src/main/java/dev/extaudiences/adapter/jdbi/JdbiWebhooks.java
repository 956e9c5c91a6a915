package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.port.out.Webhooks;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.core.webhook.EventType;
import dev.extaudiences.core.webhook.Subscription;
import dev.extaudiences.core.webhook.WebhookId;
import dev.extaudiences.core.webhook.WebhookSecret;
import dev.extaudiences.core.webhook.WebhookUrl;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Webhook subscriptions in the {@code webhook_subscriptions} table. */
public final class JdbiWebhooks implements Webhooks {

    private final Jdbi jdbi;

    public JdbiWebhooks(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void add(Subscription subscription) {
        TenantScope scope = subscription.scope();
        SqlErrors.guarded(() -> jdbi.useExtension(WebhookDao.class, dao -> dao.insertSubscription(scope.orgId(),
                scope.sandboxName(), subscription.id().value(), subscription.url().value(),
                StoredWebhookNames.events(subscription.events()), subscription.secret().value(),
                subscription.created().by().value(), subscription.created().at().toEpochMilli())));
    }

    @Override
    public Optional<Subscription> find(TenantScope scope, WebhookId id) {
        return SqlErrors.guarded(() -> jdbi.withExtension(WebhookDao.class,
                dao -> dao.subscription(scope.orgId(), scope.sandboxName(), id.value())).map(JdbiWebhooks::decode));
    }

    @Override
    public List<Subscription> list(TenantScope scope) {
        return SqlErrors.guarded(() -> jdbi.withExtension(WebhookDao.class,
                dao -> dao.subscriptions(scope.orgId(), scope.sandboxName())).stream()
                .map(JdbiWebhooks::decode).toList());
    }

    @Override
    public List<Subscription> subscribedTo(TenantScope scope, EventType type) {
        return list(scope).stream().filter(subscription -> subscription.wants(type)).toList();
    }

    @Override
    public boolean remove(TenantScope scope, WebhookId id) {
        return SqlErrors.guarded(() -> jdbi.withExtension(WebhookDao.class,
                dao -> dao.deleteSubscription(scope.orgId(), scope.sandboxName(), id.value()))) > 0;
    }

    private static Subscription decode(WebhookDao.SubscriptionRow row) {
        return new Subscription(new WebhookId(row.id()), new TenantScope(row.org(), row.sandbox()),
                new WebhookUrl(row.url()), StoredWebhookNames.events(row.events()), new WebhookSecret(row.secret()),
                new Stamp(new UserId(row.createdBy()), Instant.ofEpochMilli(row.createdAt())));
    }
}
