package dev.extaudiences.adapter.javalin;

import static dev.extaudiences.adapter.javalin.AudienceRoutes.audienceId;
import static dev.extaudiences.adapter.javalin.Authentication.caller;
import static dev.extaudiences.adapter.javalin.Authentication.scope;

import dev.extaudiences.core.port.in.GetRunUseCase;
import dev.extaudiences.core.port.in.ListRunsUseCase;
import dev.extaudiences.core.port.in.StartRunUseCase;
import dev.extaudiences.core.run.RunId;
import io.javalin.http.Context;

/** Starting an audience's ingestion runs, reading one, listing them. */
record RunRoutes(StartRunUseCase startRun, GetRunUseCase getRun, ListRunsUseCase listRuns, JsonBodies bodies,
                 Wire wire, Replies replies, IdempotentRequests idempotent) implements Routes.Group {

    @Override
    public void addTo(Routes routes) {
        routes.post(Routes.ONE_AUDIENCE + "/runs", idempotent.around(this::start));
        routes.readable(Routes.ONE_AUDIENCE + "/runs", this::list);
        routes.readable(Routes.ONE_AUDIENCE + "/runs/{runId}", this::get);
    }

    private void start(Context ctx) {
        var body = bodies.read(ctx, Bodies.StartRun.class);
        var run = startRun.start(caller(ctx), audienceId(ctx), Commands.runRequest(body));
        replies.json(ctx, 200, wire.run(run));
    }

    private void get(Context ctx) {
        var run = getRun.run(scope(ctx), audienceId(ctx), new RunId(ctx.pathParam("runId")));
        replies.json(ctx, 200, wire.run(run));
    }

    private void list(Context ctx) {
        var page = listRuns.runs(scope(ctx), audienceId(ctx), QueryParams.of(ctx).runQuery());
        replies.json(ctx, 200, wire.runPage(page));
    }
}
