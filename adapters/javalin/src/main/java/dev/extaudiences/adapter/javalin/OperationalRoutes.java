package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.extaudiences.core.port.in.ObserveWorkersUseCase;
import dev.extaudiences.core.run.WorkerPresence;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/** What an operator calls, without credentials: {@code /health}, {@code /metrics} and {@code /openapi.json}. */
final class OperationalRoutes implements Routes.Group {

    private final BooleanSupplier storesReady;
    private final ObserveWorkersUseCase workers;
    private final HttpMetrics metrics;
    private final ObjectMapper mapper;
    private final Replies replies;
    private final byte[] openApi = resource("openapi.json");

    OperationalRoutes(BooleanSupplier storesReady, ObserveWorkersUseCase workers, HttpMetrics metrics,
                      ObjectMapper mapper, Replies replies) {
        this.storesReady = storesReady;
        this.workers = workers;
        this.metrics = metrics;
        this.mapper = mapper;
        this.replies = replies;
    }

    @Override
    public void addTo(Routes routes) {
        routes.readable("/health", this::health);
        routes.readable("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        routes.readable("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    }

    /**
     * Liveness and readiness: 503 when the database does not answer. No run worker seen anywhere does not make the
     * node unhealthy (it serves the API), but it is said, since runs started now wait until a node executes them.
     */
    private void health(Context ctx) {
        boolean ready = storesReady.getAsBoolean();
        ObjectNode body = mapper.createObjectNode();
        body.put("status", ready ? "UP" : "DOWN");
        ObjectNode checks = body.putObject("checks").put("database", ready ? "UP" : "DOWN");
        if (ready) {
            try {
                WorkerPresence presence = workers.workerPresence();
                checks.put("workers", presence instanceof WorkerPresence.Seen ? "UP" : "NONE_SEEN");
                if (presence instanceof WorkerPresence.Silent silent) {
                    body.put("detail", silent.detail() + "; runs started now wait until a node with run workers "
                            + "(EXTAUDIENCES_RUN_WORKERS above 0) executes them");
                }
            } catch (RuntimeException storeUnavailable) {
                checks.put("workers", "UNKNOWN");
            }
        }
        replies.json(ctx, ready ? 200 : 503, body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = OperationalRoutes.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
