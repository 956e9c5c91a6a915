package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.extaudiences.core.UseCases;
import dev.extaudiences.core.WebhookUseCases;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.port.out.Credentials;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The External Audiences API on Javalin: every path, status code and error code of the public contract under
 * {@code /data/core/ais}, plus this server's clearly marked extensions and its operational endpoints
 * ({@code /health}, {@code /metrics}, {@code /openapi.json}). Here the server is put together: Jetty, what runs
 * around every request, the route groups and the handlers of every failure.
 */
public final class JavalinApi {

    public static final String BASE = "/data/core/ais";

    private static final Logger LOG = LoggerFactory.getLogger("dev.extaudiences.http");

    private final HttpSettings settings;
    private final ObjectMapper mapper = StrictJson.mapper();
    private final Replies replies = new Replies(mapper);
    private final HttpMetrics metrics;
    private final Authentication authentication;
    private final List<Routes.Group> groups;

    private final Consumer<JavalinConfig> pages;

    private JavalinApi(UseCases useCases, Optional<WebhookUseCases> webhooks, Credentials credentials,
                       HttpSettings settings, ServerMetrics metrics, Consumer<JavalinConfig> pages) {
        Objects.requireNonNull(useCases, "useCases");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = new HttpMetrics(useCases.observeRuns(), Objects.requireNonNull(metrics, "metrics"));
        this.authentication = new Authentication(credentials);
        JsonBodies bodies = new JsonBodies(mapper);
        Wire wire = new Wire(mapper);
        // in this order: a path that two groups' patterns match goes to the first (operations/..., members/...,
        // quotas, webhooks/...)
        IdempotentRequests idempotent = new IdempotentRequests(useCases.repeatSafely(), mapper);
        List<Routes.Group> routeGroups = new ArrayList<>();
        webhooks.ifPresent(hooks -> routeGroups.add(new WebhookRoutes(hooks, bodies, new WebhookWire(mapper),
                replies)));
        routeGroups.addAll(List.of(new OperationRoutes(useCases.operations(), wire, replies),
                new MemberRoutes(useCases.members(), wire, replies),
                new QuotaRoutes(useCases.quotas(), wire, replies),
                new AudienceRoutes(useCases.create(), useCases.audience(), useCases.audiences(), useCases.update(),
                        useCases.delete(), bodies, wire, replies, idempotent),
                new RunRoutes(useCases.startRun(), useCases.run(), useCases.runs(), bodies, wire, replies, idempotent),
                new RunCancelRoutes(useCases.cancelRun(), wire, replies),
                new UploadRoutes(useCases.upload(), mapper, replies),
                new OperationalRoutes(settings.storesReady(), useCases.observeWorkers(), this.metrics, mapper, replies)));
        this.groups = List.copyOf(routeGroups);
    }

    /** A configured, not yet started server; {@code start()} it, {@code stop()} it to drain and close. */
    public static Javalin create(UseCases useCases, Credentials credentials, HttpSettings settings) {
        return create(useCases, credentials, settings, new ServerMetrics());
    }

    /**
     * The same, showing in {@code /metrics} what the domain counted into {@code metrics} (given to it as its
     * {@link dev.extaudiences.core.port.out.SourceReads}) beside what the API counts itself.
     */
    public static Javalin create(UseCases useCases, Credentials credentials, HttpSettings settings,
                                 ServerMetrics metrics) {
        return create(useCases, Optional.empty(), credentials, settings, metrics, config -> { });
    }

    /**
     * The same, with pages of another adapter added to the configuration (the web console's static files): they are
     * served on the same port, outside the API's path, and never change what the API answers.
     */
    public static Javalin create(UseCases useCases, Credentials credentials, HttpSettings settings,
                                 ServerMetrics metrics, Consumer<JavalinConfig> pages) {
        return create(useCases, Optional.empty(), credentials, settings, metrics, pages);
    }

    /** The same, with the webhook extension's routes ({@code /external-audience/webhooks}...). */
    public static Javalin create(UseCases useCases, WebhookUseCases webhooks, Credentials credentials,
                                 HttpSettings settings, ServerMetrics metrics) {
        return create(useCases, Optional.of(webhooks), credentials, settings, metrics, config -> { });
    }

    /** The whole of it: the webhook routes when there are webhooks, and another adapter's pages. */
    public static Javalin create(UseCases useCases, Optional<WebhookUseCases> webhooks, Credentials credentials,
                                 HttpSettings settings, ServerMetrics metrics, Consumer<JavalinConfig> pages) {
        return new JavalinApi(useCases, webhooks, credentials, settings, metrics, pages).build();
    }

    private Javalin build() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            config.jetty.modifyServer(server -> {
                // in-flight requests finish before the server stops
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(10_000);
                server.setErrorHandler(new JsonErrorPages(mapper, metrics::refused));
            });
            // Jetty answers some unparseable requests from the servlet context, some from the server: both speak JSON
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(
                    new JsonErrorPages(mapper, metrics::refused)));
            pages.accept(config);
            routes(config);
        });
    }

    private void routes(JavalinConfig config) {
        RoutesConfig routes = config.routes;
        routes.before(new RequestEntry(settings.maxBodyBytes())::admit);
        routes.before(BASE + "/*", authentication::authenticate);
        Routes table = new Routes(routes);
        groups.forEach(group -> group.addTo(table));
        routes.after(metrics::recorded);
        failures(routes);
    }

    private void failures(RoutesConfig routes) {
        routes.exception(ApiError.class, (error, ctx) -> replies.error(ctx, error));
        routes.exception(DomainException.class, (error, ctx) -> replies.error(ctx, ErrorMapping.of(error)));
        routes.exception(HttpResponseException.class, (error, ctx) -> replies.error(ctx,
                ErrorMapping.ofStatus(error.getStatus(), ctx.method().name(), ctx.path(), error.getMessage())));
        routes.exception(Exception.class, (error, ctx) -> {
            Optional<ApiError> clientFault = ErrorMapping.ofClientFault(error);
            if (clientFault.isEmpty()) {
                LOG.error("request {} failed inside the service", RequestEntry.requestId(ctx), error);
            }
            replies.error(ctx, clientFault.orElseGet(() -> ErrorMapping.internal(RequestEntry.requestId(ctx))));
        });
        // statuses Javalin sets with an empty body (408: it answers a body that stops arriving itself)
        for (int status : new int[] {404, 405, 408, 413}) {
            routes.error(status, ctx -> {
                if (isEmpty(ctx)) {
                    replies.error(ctx, ErrorMapping.ofStatus(status, ctx.method().name(), ctx.path(), null));
                }
            });
        }
    }

    private static boolean isEmpty(Context ctx) {
        String result = ctx.result();
        return result == null || result.isEmpty();
    }
}
