package dev.extaudiences.adapter.javalin;

import static dev.extaudiences.adapter.javalin.AudienceRoutes.audienceId;
import static dev.extaudiences.adapter.javalin.Authentication.scope;

import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.port.in.LookUpMembersUseCase;
import io.javalin.http.Context;

/** Extensions: an audience's members, and the audiences one identity belongs to. */
record MemberRoutes(LookUpMembersUseCase lookUpMembers, Wire wire, Replies replies) implements Routes.Group {

    @Override
    public void addTo(Routes routes) {
        routes.readable(Routes.AUDIENCE + "/members/{namespace}/{value}", this::memberships);
        routes.readable(Routes.ONE_AUDIENCE + "/members", this::members);
    }

    private void members(Context ctx) {
        var page = lookUpMembers.members(scope(ctx), audienceId(ctx), QueryParams.of(ctx).pageRequest());
        replies.json(ctx, 200, wire.page("members", page, wire::member));
    }

    private void memberships(Context ctx) {
        var identity = new Identity(new IdentityNamespace(ctx.pathParam("namespace")), ctx.pathParam("value"));
        var memberships = lookUpMembers.memberships(scope(ctx), identity);
        replies.json(ctx, 200, wire.list("memberships", memberships.stream().map(wire::member).toList()));
    }
}
