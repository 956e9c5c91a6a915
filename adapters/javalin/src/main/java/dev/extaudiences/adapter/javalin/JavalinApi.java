package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.extaudiences.core.access.AccessRequest;
import dev.extaudiences.core.access.AccessVerdict;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.Credentials;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.run.WorkerPresence;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.TenantScope;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The External Audiences API on Javalin: every path, status code and error code of the public contract under
 * {@code /data/core/ais}, plus this server's clearly marked extensions and its operational endpoints
 * ({@code /health}, {@code /metrics}, {@code /openapi.json}).
 */
public final class JavalinApi {

    public static final String BASE = "/data/core/ais";

    private static final Logger LOG = LoggerFactory.getLogger("dev.extaudiences.http");
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String CALLER = "extaudiences.caller";
    private static final String REQUEST_ID = "extaudiences.requestId";
    private static final String STARTED = "extaudiences.started";
    private static final int DEFAULT_AUDIENCE_PAGE = 20;
    private static final int MAX_AUDIENCE_PAGE = 100;

    private final ApiUseCases useCases;
    private final Credentials credentials;
    private final HttpSettings settings;
    private final ObjectMapper mapper;
    private final JsonBodies bodies;
    private final Wire wire;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final byte[] openApi;

    private JavalinApi(ApiUseCases useCases, Credentials credentials, HttpSettings settings) {
        this.useCases = Objects.requireNonNull(useCases, "useCases");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                // 40.5 days or a start time of 1.5 is a mistake to name, not a value to truncate
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                // a strict parser: one object and nothing after it, each property once (which of two would win
                // depends on the parser, so a proxy or a client library could read another request than ours)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
        // A string property takes a JSON string only (a name of 5 or true is a mistake); a number property may
        // still take a numeric string, as the public guide's own samples send "ttlInDays": "40".
        for (CoercionInputShape scalar : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        this.bodies = new JsonBodies(mapper, validator);
        this.wire = new Wire(mapper);
        this.openApi = resource("openapi.json");
        new JvmMemoryMetrics().bindTo(metrics);
        // the most heap this process has ever used: what a benchmark of memory per file size reads
        Gauge.builder("jvm_heap_peak_bytes", () -> ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP)
                        .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum())
                .description("Peak heap used since the process started, summed over the heap pools")
                .register(metrics);
        for (String status : List.of("PROCESSING", "SUCCESS", "FAILED")) {
            Gauge.builder("extaudiences_runs", () -> runsWithStatus(status))
                    .description("Ingestion runs by status, in every org and sandbox")
                    .tag("status", status)
                    .register(metrics);
        }
    }

    /** A configured, not yet started server; {@code start()} it, {@code stop()} it to drain and close. */
    public static Javalin create(ApiUseCases useCases, Credentials credentials, HttpSettings settings) {
        return new JavalinApi(useCases, credentials, settings).build();
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
                server.setErrorHandler(new JsonErrorPages(mapper, this::countRefusal));
            });
            // Jetty answers some unparseable requests from the servlet context, some from the server: both speak JSON
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(
                    new JsonErrorPages(mapper, this::countRefusal)));
            routes(config);
        });
    }

    private void routes(JavalinConfig config) {
        var routes = config.routes;
        routes.before(this::identifyRequest);
        routes.before(BASE + "/*", this::authenticate);

        String one = BASE + "/external-audience";
        // every GET route answers HEAD too: what GET would, status and headers, without the body (Jetty drops it)
        BiConsumer<String, Handler> readable = (path, handler) -> {
            routes.get(path, handler);
            routes.head(path, handler);
        };
        routes.post(one, this::createAudience);
        readable.accept(BASE + "/external-audiences/operations/{operationId}", this::getOperation);
        readable.accept(one + "/operations/{operationId}", this::getOperation);
        readable.accept(one + "/members/{namespace}/{value}", this::memberships);
        readable.accept(one, this::listAudiences);
        readable.accept(one + "/{audienceId}", this::getAudience);
        routes.patch(one + "/{audienceId}", this::updateAudience);
        routes.delete(one + "/{audienceId}", this::deleteAudience);
        routes.post(one + "/{audienceId}/runs", this::startRun);
        readable.accept(one + "/{audienceId}/runs", this::listRuns);
        readable.accept(one + "/{audienceId}/runs/{runId}", this::getRun);
        readable.accept(one + "/{audienceId}/members", this::listMembers);

        readable.accept("/health", this::health);
        readable.accept("/metrics", this::scrape);
        readable.accept("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));

        routes.after(this::recordRequest);

        routes.exception(ApiError.class, (error, ctx) -> sendError(ctx, error));
        routes.exception(DomainException.class, (error, ctx) -> sendError(ctx, ApiError.of(error.error())));
        routes.exception(HttpResponseException.class, (error, ctx) -> sendError(ctx, httpError(error, ctx)));
        routes.exception(Exception.class, (error, ctx) -> {
            Optional<ApiError> clientFault = ClientFaults.of(error);
            if (clientFault.isPresent()) {
                sendError(ctx, clientFault.get());
                return;
            }
            LOG.error("request {} failed inside the service", requestId(ctx), error);
            sendError(ctx, new ApiError(ErrorCode.INTERNAL_SERVER_ERROR,
                    "the service failed to handle the request; quote request id " + requestId(ctx)));
        });
        routes.error(404, ctx -> {
            if (isEmpty(ctx)) {
                sendError(ctx, notFound(ctx));
            }
        });
        routes.error(405, ctx -> {
            if (isEmpty(ctx)) {
                sendError(ctx, methodNotAllowed(ctx));
            }
        });
        routes.error(413, ctx -> {
            if (isEmpty(ctx)) {
                sendError(ctx, tooLarge());
            }
        });
    }

    // ---- the contract ----

    private void createAudience(Context ctx) {
        var body = bodies.read(ctx, Bodies.CreateAudience.class);
        var operation = useCases.create().create(caller(ctx), Commands.newAudience(body));
        send(ctx, 202, wire.accepted(operation));
    }

    private void getOperation(Context ctx) {
        var operation = useCases.operations().operation(scope(ctx), new OperationId(ctx.pathParam("operationId")));
        send(ctx, 200, wire.operation(operation));
    }

    private void updateAudience(Context ctx) {
        var patch = PatchReader.read(bodies.tree(ctx));
        var audience = useCases.update().update(caller(ctx), audienceId(ctx), patch);
        send(ctx, 200, wire.audience(audience));
    }

    private void deleteAudience(Context ctx) {
        useCases.delete().delete(scope(ctx), audienceId(ctx));
        ctx.status(204);
    }

    private void startRun(Context ctx) {
        var body = bodies.read(ctx, Bodies.StartRun.class);
        var run = useCases.startRun().start(caller(ctx), audienceId(ctx), Commands.runRequest(body));
        send(ctx, 200, wire.run(run));
    }

    private void getRun(Context ctx) {
        var run = useCases.run().run(scope(ctx), audienceId(ctx), new RunId(ctx.pathParam("runId")));
        send(ctx, 200, wire.run(run));
    }

    private void listRuns(Context ctx) {
        var query = RunQuery.parse(single(ctx, "limit"), single(ctx, "start"), single(ctx, "sortBy"),
                ctx.queryParams("property"));
        var page = useCases.runs().runs(scope(ctx), audienceId(ctx), query);
        send(ctx, 200, wire.page("runs", page, wire::run));
    }

    // ---- extensions (marked as such in the OpenAPI document) ----

    private void getAudience(Context ctx) {
        send(ctx, 200, wire.audience(useCases.audience().audience(scope(ctx), audienceId(ctx))));
    }

    private void listAudiences(Context ctx) {
        var page = useCases.audiences().audiences(scope(ctx), pageRequest(ctx));
        send(ctx, 200, wire.page("audiences", page, wire::audience));
    }

    private void listMembers(Context ctx) {
        var page = useCases.members().members(scope(ctx), audienceId(ctx), pageRequest(ctx));
        send(ctx, 200, wire.page("members", page, wire::member));
    }

    private void memberships(Context ctx) {
        var identity = new Identity(new IdentityNamespace(ctx.pathParam("namespace")), ctx.pathParam("value"));
        var memberships = useCases.members().memberships(scope(ctx), identity);
        send(ctx, 200, wire.list("memberships", memberships.stream().map(wire::member).toList()));
    }

    // ---- operational ----

    /**
     * Liveness and readiness: 503 when the database does not answer. No run worker seen anywhere does not make the
     * node unhealthy (it serves the API), but it is said, since runs started now wait until a node executes them.
     */
    private void health(Context ctx) {
        boolean ready = settings.storesReady().getAsBoolean();
        ObjectNode body = mapper.createObjectNode();
        body.put("status", ready ? "UP" : "DOWN");
        ObjectNode checks = body.putObject("checks").put("database", ready ? "UP" : "DOWN");
        if (ready && useCases.observeWorkers() != null) {
            try {
                WorkerPresence workers = useCases.observeWorkers().workerPresence();
                checks.put("workers", workers instanceof WorkerPresence.Seen ? "UP" : "NONE_SEEN");
                if (workers instanceof WorkerPresence.Silent silent) {
                    body.put("detail", silent.detail() + "; runs started now wait until a node with run workers "
                            + "(EXTAUDIENCES_RUN_WORKERS above 0) executes them");
                }
            } catch (RuntimeException storeUnavailable) {
                checks.put("workers", "UNKNOWN");
            }
        }
        send(ctx, ready ? 200 : 503, body);
    }

    private void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    // ---- around every request ----

    private void identifyRequest(Context ctx) {
        String incoming = ctx.header("x-request-id");
        String requestId = incoming != null && SAFE_REQUEST_ID.matcher(incoming).matches() ? incoming
                : UUID.randomUUID().toString();
        ctx.attribute(REQUEST_ID, requestId);
        ctx.attribute(STARTED, System.nanoTime());
        ctx.header("x-request-id", requestId);
        if ("CONNECT".equals(ctx.req().getMethod())) {
            // after answering a CONNECT, Jetty would otherwise keep the connection open for a tunnel never made
            ctx.header("Connection", "close");
            throw new ApiError(ErrorCode.METHOD_NOT_ALLOWED, "method: CONNECT is not allowed; this server is no "
                    + "proxy");
        }
        String length = ctx.header("Content-Length");
        if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > settings.maxBodyBytes()) {
            throw tooLarge();
        }
    }

    private void authenticate(Context ctx) {
        CallerHeaders presented = CallerHeaders.of(ctx);
        TenantScope scope = presented.scope();
        AccessVerdict verdict = credentials.verify(new AccessRequest(presented.token(), presented.apiKey(),
                scope.orgId()));
        if (verdict instanceof AccessVerdict.Denied denied) {
            throw switch (denied.denial()) {
                case INVALID_TOKEN -> new ApiError(ErrorCode.INVALID_TOKEN, "Authorization: " + denied.explanation());
                case OTHER_ORG -> new ApiError(ErrorCode.INVALID_ORG, "x-gw-ims-org-id: " + denied.explanation());
                case KEY_NOT_ALLOWED -> new ApiError(ErrorCode.NOT_AUTHORISED, "x-api-key: " + denied.explanation());
            };
        }
        ctx.attribute(CALLER, new Caller(scope, ((AccessVerdict.Granted) verdict).user()));
    }

    private void recordRequest(Context ctx) {
        Long started = ctx.attribute(STARTED);
        long nanos = started == null ? 0 : System.nanoTime() - started;
        String route = route(ctx);
        Timer.builder("http_server_requests")
                .description("HTTP requests by route, method and status")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(metrics)
                .record(Duration.ofNanos(nanos));
        LOG.info("{} {} {} {}ms request_id={}", ctx.method(), ctx.path(), ctx.statusCode(), nanos / 1_000_000,
                requestId(ctx));
    }

    /** A request Jetty refused before it reached a route, counted beside the routed ones. */
    private void countRefusal(String method, int status) {
        Timer.builder("http_server_requests")
                .description("HTTP requests by route, method and status")
                .tag("method", method)
                .tag("route", "refused-before-routing")
                .tag("status", Integer.toString(status))
                .register(metrics)
                .record(Duration.ZERO);
    }

    private double runsWithStatus(String status) {
        try {
            return useCases.observeRuns().runsByStatus().getOrDefault(status, 0L);
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

    // ---- helpers ----

    private static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new IllegalStateException("a handler of the API ran without an authenticated caller");
        }
        return caller;
    }

    private static TenantScope scope(Context ctx) {
        return caller(ctx).scope();
    }

    private static AudienceId audienceId(Context ctx) {
        return new AudienceId(ctx.pathParam("audienceId"));
    }

    private static PageRequest pageRequest(Context ctx) {
        String limitParam = single(ctx, "limit");
        String startParam = single(ctx, "start");
        int limit = limitParam == null ? DEFAULT_AUDIENCE_PAGE
                : (int) wholeNumber(limitParam, "limit", 1, MAX_AUDIENCE_PAGE);
        long start = startParam == null ? 0 : wholeNumber(startParam, "start", 0, Long.MAX_VALUE);
        return new PageRequest(start, limit);
    }

    /** A parameter that may be given once: two values are a mistake to name, not a choice to make silently. */
    private static String single(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.size() > 1) {
            throw ApiError.invalid(name, "may be given once, was given " + values.size() + " times");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static long wholeNumber(String raw, String parameter, long min, long max) {
        try {
            long value = Long.parseLong(raw.trim());
            if (value < min || value > max) {
                throw ApiError.invalid(parameter, "must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException notANumber) {
            throw ApiError.invalid(parameter, "'" + raw + "' is not a whole number");
        }
    }

    private void send(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(Wire.withNewline(mapper.writeValueAsBytes(body)));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    private void sendError(Context ctx, ApiError error) {
        send(ctx, error.code.status, error.body(mapper, requestId(ctx)));
    }

    private static ApiError httpError(HttpResponseException error, Context ctx) {
        return switch (error.getStatus()) {
            case 413 -> tooLarge();
            case 404 -> notFound(ctx);
            case 405 -> methodNotAllowed(ctx);
            default -> error.getStatus() >= 500
                    ? new ApiError(ErrorCode.INTERNAL_SERVER_ERROR, "the service failed to handle the request")
                    : ApiError.invalid("request", String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT));
        };
    }

    private static ApiError notFound(Context ctx) {
        return new ApiError(ErrorCode.NOT_FOUND, "path: there is no resource at " + ctx.method() + " " + ctx.path());
    }

    private static ApiError methodNotAllowed(Context ctx) {
        return new ApiError(ErrorCode.METHOD_NOT_ALLOWED, "method: " + ctx.method() + " is not allowed on "
                + ctx.path());
    }

    private static ApiError tooLarge() {
        return new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "body: is larger than the limit this server accepts");
    }

    private static boolean isEmpty(Context ctx) {
        String result = ctx.result();
        return result == null || result.isEmpty();
    }

    private static String requestId(Context ctx) {
        String requestId = ctx.attribute(REQUEST_ID);
        return requestId == null ? "unknown" : requestId;
    }

    private static byte[] resource(String name) {
        try (InputStream in = JavalinApi.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
