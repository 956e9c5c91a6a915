package dev.extaudiences.adapter.javalin;

import static dev.extaudiences.adapter.javalin.Authentication.scope;

import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.port.in.GetOperationUseCase;
import io.javalin.http.Context;

/** The status of an audience's creation, under both paths the public guide uses. */
record OperationRoutes(GetOperationUseCase getOperation, Wire wire, Replies replies) implements Routes.Group {

    @Override
    public void addTo(Routes routes) {
        routes.readable(JavalinApi.BASE + "/external-audiences/operations/{operationId}", this::get);
        routes.readable(Routes.AUDIENCE + "/operations/{operationId}", this::get);
    }

    private void get(Context ctx) {
        var operation = getOperation.operation(scope(ctx), new OperationId(ctx.pathParam("operationId")));
        replies.json(ctx, 200, wire.operation(operation));
    }
}
