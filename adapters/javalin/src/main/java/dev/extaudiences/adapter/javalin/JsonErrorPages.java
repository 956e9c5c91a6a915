package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refusals Jetty makes before a request reaches the API (a malformed URI or header line, headers or a URI too
 * large, a request arriving while the server drains) in the API's one JSON error shape, instead of Jetty's HTML page.
 */
final class JsonErrorPages extends ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger("dev.extaudiences.http");

    /** Told of every refusal made here, so that these are counted with the rest of the server's answers. */
    interface Refusals {
        void refused(String method, int status);
    }

    private final ObjectMapper mapper;
    private final Refusals refusals;

    JsonErrorPages(ObjectMapper mapper, Refusals refusals) {
        this.mapper = mapper;
        this.refusals = refusals;
    }

    /** Every method gets the JSON body (Jetty's default gives one only to GET, POST and HEAD). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        // A request whose head never ended (the client went quiet until the idle timeout, or closed) reaches here as
        // a 500 whose cause is the connection's end: it is the client's doing, though nothing can be sent back any
        // more; it is logged and counted as what it was.
        ApiError error = endedEarly(cause) ? ErrorMapping.unfinished()
                : ErrorMapping.ofStatus(status, request.getMethod(), request.getHttpURI().getPath(),
                        cause != null && cause.getMessage() != null ? cause.getMessage() : message);
        String requestId = UUID.randomUUID().toString();
        LOG.info("{} {} {} request_id={}", request.getMethod(), request.getHttpURI().getPath(), error.code.status,
                requestId);
        refusals.refused(request.getMethod(), error.code.status);
        response.setStatus(error.code.status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(RequestEntry.REQUEST_ID_HEADER, requestId);
        response.write(true, ByteBuffer.wrap(json(error, requestId)), callback);
    }

    /** A request Jetty could not even parse: the status line is already chosen, the body is ours. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String requestId = UUID.randomUUID().toString();
        ApiError error = ErrorMapping.ofStatus(status, null, null, reason);
        LOG.info("unparseable request {} request_id={}", error.code.status, requestId);
        refusals.refused("unparsed", error.code.status);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(RequestEntry.REQUEST_ID_HEADER, requestId);
        return ByteBuffer.wrap(json(error, requestId));
    }

    private static boolean endedEarly(Throwable cause) {
        for (Throwable each = cause; each != null; each = each.getCause() == each ? null : each.getCause()) {
            if (each instanceof EofException || each instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private byte[] json(ApiError error, String requestId) {
        try {
            return Wire.withNewline(mapper.writeValueAsBytes(error.body(mapper, requestId)));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
