package dev.extaudiences.adapter.javalin;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What happens first to every routed request: it gets a request id (the caller's, if it is safe to echo) and a start
 * time, and a request no route should see is refused before it is read (a CONNECT, a declared body over the limit).
 */
final class RequestEntry {

    static final String REQUEST_ID_HEADER = "x-request-id";

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String REQUEST_ID = "extaudiences.requestId";
    private static final String STARTED = "extaudiences.started";

    private final long maxBodyBytes;

    RequestEntry(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    void admit(Context ctx) {
        String incoming = ctx.header(REQUEST_ID_HEADER);
        String requestId = incoming != null && SAFE_REQUEST_ID.matcher(incoming).matches() ? incoming
                : UUID.randomUUID().toString();
        ctx.attribute(REQUEST_ID, requestId);
        ctx.attribute(STARTED, System.nanoTime());
        ctx.header(REQUEST_ID_HEADER, requestId);
        if ("CONNECT".equals(ctx.req().getMethod())) {
            // after answering a CONNECT, Jetty would otherwise keep the connection open for a tunnel never made
            ctx.header("Connection", "close");
            throw new ApiError(ErrorCode.METHOD_NOT_ALLOWED, "method: CONNECT is not allowed; this server is no "
                    + "proxy");
        }
        String length = ctx.header("Content-Length");
        if (UploadRoutes.ROUTED.matcher(ctx.path()).matches()) {
            return; // an upload's body is a file, limited by its own route
        }
        if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > maxBodyBytes) {
            throw ErrorMapping.tooLarge();
        }
    }

    static String requestId(Context ctx) {
        String requestId = ctx.attribute(REQUEST_ID);
        return requestId == null ? "unknown" : requestId;
    }

    /** Nanoseconds since the request was admitted; 0 for one that never was. */
    static long elapsedNanos(Context ctx) {
        Long started = ctx.attribute(STARTED);
        return started == null ? 0 : System.nanoTime() - started;
    }
}
