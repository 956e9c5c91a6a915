package dev.extaudiences.adapter.javalin;

import static dev.extaudiences.adapter.javalin.Authentication.scope;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.port.in.ReadRunQuotasUseCase;
import io.javalin.http.Context;

/**
 * An extension: the daily run guardrails as they stand. Added before the audience routes, so that
 * {@code /external-audience/quotas} is this route and not an audience named "quotas".
 */
record QuotaRoutes(ReadRunQuotasUseCase quotas, Wire wire, Replies replies) implements Routes.Group {

    static final String PATH = Routes.AUDIENCE + "/quotas";

    @Override
    public void addTo(Routes routes) {
        routes.readable(PATH, this::get);
    }

    private void get(Context ctx) {
        var audienceId = QueryParams.of(ctx).text("audienceId");
        replies.json(ctx, 200, wire.quotas(quotas.quotas(scope(ctx), audienceId.map(AudienceId::new)), audienceId));
    }
}
