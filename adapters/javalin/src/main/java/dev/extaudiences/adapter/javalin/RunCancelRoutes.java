package dev.extaudiences.adapter.javalin;

import static dev.extaudiences.adapter.javalin.AudienceRoutes.audienceId;
import static dev.extaudiences.adapter.javalin.Authentication.caller;

import dev.extaudiences.core.port.in.CancelRunUseCase;
import dev.extaudiences.core.run.RunId;
import io.javalin.http.Context;

/**
 * Cancelling a run (an extension). 202: the cancel is stored and the run reads FAILED from now on, but the node
 * executing it stops at its next batch, so its staging may still be there for a moment.
 */
record RunCancelRoutes(CancelRunUseCase cancelRun, Wire wire, Replies replies) implements Routes.Group {

    @Override
    public void addTo(Routes routes) {
        routes.post(Routes.ONE_AUDIENCE + "/runs/{runId}/cancel", this::cancel);
    }

    private void cancel(Context ctx) {
        var run = cancelRun.cancel(caller(ctx), audienceId(ctx), new RunId(ctx.pathParam("runId")));
        replies.json(ctx, 202, wire.run(run));
    }
}
