package dev.extaudiences.adapter.javalin;

import static dev.extaudiences.adapter.javalin.Authentication.caller;
import static dev.extaudiences.adapter.javalin.Authentication.scope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.extaudiences.core.WebhookUseCases;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.ResourceKind;
import dev.extaudiences.core.port.in.ReadWebhookDeliveriesUseCase;
import dev.extaudiences.core.webhook.EventType;
import dev.extaudiences.core.webhook.NewSubscription;
import dev.extaudiences.core.webhook.WebhookId;
import dev.extaudiences.core.webhook.WebhookUrl;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;

/**
 * An extension: webhook subscriptions of the caller's (org, sandbox) and the log of their deliveries. Registered
 * before the audience routes, so that {@code /external-audience/webhooks} is never read as an audience id.
 */
record WebhookRoutes(WebhookUseCases webhooks, JsonBodies bodies, WebhookWire wire, Replies replies)
        implements Routes.Group {

    static final String WEBHOOKS = Routes.AUDIENCE + "/webhooks";
    static final String ONE_WEBHOOK = WEBHOOKS + "/{webhookId}";

    @Override
    public void addTo(Routes routes) {
        routes.post(WEBHOOKS, this::subscribe);
        routes.readable(WEBHOOKS, this::list);
        routes.readable(ONE_WEBHOOK, this::get);
        routes.delete(ONE_WEBHOOK, this::unsubscribe);
        routes.readable(ONE_WEBHOOK + "/deliveries", this::deliveries);
    }

    private void subscribe(Context ctx) {
        var subscription = webhooks.subscribe().subscribe(caller(ctx), newSubscription(bodies.tree(ctx)));
        replies.json(ctx, 201, wire.created(subscription));
    }

    private void list(Context ctx) {
        replies.json(ctx, 200, wire.list(webhooks.list().webhooks(scope(ctx))));
    }

    private void get(Context ctx) {
        WebhookId id = webhookId(ctx);
        var subscription = webhooks.list().webhooks(scope(ctx)).stream()
                .filter(candidate -> candidate.id().equals(id)).findFirst()
                .orElseThrow(() -> DomainException.notFound(ResourceKind.WEBHOOK, id.value()));
        replies.json(ctx, 200, wire.subscription(subscription));
    }

    private void unsubscribe(Context ctx) {
        webhooks.unsubscribe().unsubscribe(scope(ctx), webhookId(ctx));
        ctx.status(204);
    }

    private void deliveries(Context ctx) {
        Long limit = QueryParams.of(ctx).number("limit");
        int asked = limit == null ? 20 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, limit));
        var log = webhooks.deliveries().deliveries(scope(ctx), webhookId(ctx), asked);
        replies.json(ctx, 200, wire.deliveries(log));
    }

    private static WebhookId webhookId(Context ctx) {
        return new WebhookId(ctx.pathParam("webhookId"));
    }

    /** {@code {"url": "https://...", "events": ["run.ended", "operation.ended"]}}; events default to both. */
    static NewSubscription newSubscription(JsonNode body) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("url") && !name.equals("events")) {
                throw ApiError.invalid(name, "is not a property of a webhook subscription (url, events)");
            }
        }
        JsonNode url = body.get("url");
        if (url == null || url.isNull()) {
            throw ApiError.invalid("url", "is required");
        }
        if (!url.isTextual()) {
            throw ApiError.invalid("url", "must be a string");
        }
        JsonNode events = body.get("events");
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        if (events == null || events.isNull()) {
            types = EnumSet.allOf(EventType.class);
        } else if (!events.isArray()) {
            throw ApiError.invalid("events", "must be an array of event types (operation.ended, run.ended)");
        } else {
            for (int i = 0; i < events.size(); i++) {
                types.add(WebhookWire.eventType(events.get(i), "events[" + i + "]"));
            }
        }
        return new NewSubscription(new WebhookUrl(url.asText()), types);
    }

    /** The limit a deliveries log takes: the domain's, named here for the OpenAPI document. */
    static final int MAX_LIMIT = ReadWebhookDeliveriesUseCase.MAX_LIMIT;
}
