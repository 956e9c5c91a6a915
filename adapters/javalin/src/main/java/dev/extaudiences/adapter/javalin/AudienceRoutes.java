package dev.extaudiences.adapter.javalin;

import static dev.extaudiences.adapter.javalin.Authentication.caller;
import static dev.extaudiences.adapter.javalin.Authentication.scope;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.port.in.CreateAudienceUseCase;
import dev.extaudiences.core.port.in.DeleteAudienceUseCase;
import dev.extaudiences.core.port.in.GetAudienceUseCase;
import dev.extaudiences.core.port.in.ListAudiencesUseCase;
import dev.extaudiences.core.port.in.UpdateAudienceUseCase;
import io.javalin.http.Context;

/** Creating, reading, listing, changing and deleting audiences. */
record AudienceRoutes(CreateAudienceUseCase createAudience, GetAudienceUseCase getAudience,
                      ListAudiencesUseCase listAudiences, UpdateAudienceUseCase updateAudience,
                      DeleteAudienceUseCase deleteAudience, JsonBodies bodies, Wire wire, Replies replies,
                      IdempotentRequests idempotent) implements Routes.Group {

    @Override
    public void addTo(Routes routes) {
        routes.post(Routes.AUDIENCE, idempotent.around(this::create));
        routes.readable(Routes.AUDIENCE, this::list);
        routes.readable(Routes.ONE_AUDIENCE, this::get);
        routes.patch(Routes.ONE_AUDIENCE, this::update);
        routes.delete(Routes.ONE_AUDIENCE, this::delete);
    }

    private void create(Context ctx) {
        var body = bodies.read(ctx, Bodies.CreateAudience.class);
        var operation = createAudience.create(caller(ctx), Commands.newAudience(body));
        replies.json(ctx, 202, wire.accepted(operation));
    }

    /** An extension: the public service has no GET of one audience. */
    private void get(Context ctx) {
        replies.json(ctx, 200, wire.audience(getAudience.audience(scope(ctx), audienceId(ctx))));
    }

    /** An extension: a paged list of the scope's audiences. */
    private void list(Context ctx) {
        var page = listAudiences.audiences(scope(ctx), QueryParams.of(ctx).pageRequest());
        replies.json(ctx, 200, wire.page("audiences", page, wire::audience));
    }

    private void update(Context ctx) {
        var patch = PatchReader.read(bodies.tree(ctx));
        var audience = updateAudience.update(caller(ctx), audienceId(ctx), patch);
        replies.json(ctx, 200, wire.audience(audience));
    }

    private void delete(Context ctx) {
        deleteAudience.delete(scope(ctx), audienceId(ctx));
        ctx.status(204);
    }

    static AudienceId audienceId(Context ctx) {
        return new AudienceId(ctx.pathParam("audienceId"));
    }
}
