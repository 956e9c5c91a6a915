package dev.extaudiences.adapter.javalin;

import dev.extaudiences.core.run.RunStatus;
import dev.extaudiences.core.port.in.ObserveRunsUseCase;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /metrics} shows: requests by route, method and status, runs by status, the JVM's memory, and what runs
 * read from their storages ({@link ServerMetrics}, the registry all of it is in).
 */
final class HttpMetrics {

    private static final Logger LOG = LoggerFactory.getLogger("dev.extaudiences.http");

    private final PrometheusMeterRegistry registry;
    private final ObserveRunsUseCase runs;
    /** Building a timer's id and looking it up in the registry cost a status read 6% of its time: once per kind. */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    HttpMetrics(ObserveRunsUseCase runs, ServerMetrics server) {
        this.runs = runs;
        this.registry = server.registry();
        new JvmMemoryMetrics().bindTo(registry);
        // the most heap this process has ever used: what a benchmark of memory per file size reads
        Gauge.builder("jvm_heap_peak_bytes", () -> ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP)
                        .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum())
                .description("Peak heap used since the process started, summed over the heap pools")
                .register(registry);
        for (RunStatus.Kind kind : RunStatus.Kind.values()) {
            Gauge.builder("extaudiences_runs", () -> runsWithStatus(kind))
                    .description("Ingestion runs by status, in every org and sandbox")
                    .tag("status", Wire.runStatus(kind))
                    .register(registry);
        }
    }

    /** Counts and logs a routed request once it has been answered. */
    void recorded(Context ctx) {
        long nanos = RequestEntry.elapsedNanos(ctx);
        record(ctx.method().name(), route(ctx), ctx.statusCode(), Duration.ofNanos(nanos));
        LOG.info("{} {} {} {}ms request_id={}", ctx.method(), ctx.path(), ctx.statusCode(), nanos / 1_000_000,
                RequestEntry.requestId(ctx));
    }

    /** A request Jetty refused before it reached a route, counted beside the routed ones. */
    void refused(String method, int status) {
        record(method, "refused-before-routing", status, Duration.ZERO);
    }

    String scrape() {
        return registry.scrape();
    }

    private void record(String method, String route, int status, Duration took) {
        timers.computeIfAbsent(new TimerKey(method, route, status), key -> Timer.builder("http_server_requests")
                .description("HTTP requests by route, method and status")
                .tag("method", key.method())
                .tag("route", key.route())
                .tag("status", Integer.toString(key.status()))
                .register(registry)).record(took);
    }

    private record TimerKey(String method, String route, int status) {
    }

    private double runsWithStatus(RunStatus.Kind kind) {
        try {
            return runs.runsByStatus().of(kind);
        } catch (RuntimeException storeUnavailable) {
            return Double.NaN;
        }
    }

    private static String route(Context ctx) {
        try {
            var matched = ctx.endpoints().matchedHttpEndpoint();
            return matched == null ? "unmatched" : matched.path;
        } catch (RuntimeException unmatched) {
            return "unmatched";
        }
    }
}
