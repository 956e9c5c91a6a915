package dev.extaudiences.adapter.javalin;

import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.idempotency.IdempotencyKey;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EofException;

/**
 * The one table from what went wrong to what the caller is answered: a domain refusal, an HTTP status chosen by
 * Javalin or Jetty (routed or not), a body the client broke, a fault of the service. Each case has one wording,
 * whichever way the request came in.
 */
final class ErrorMapping {

    /** The domain names a part of the scope; the caller sent it as a header, so that is what a refusal names. */
    private static final Map<String, String> WIRE_NAMES = Map.of(
            TenantScope.ORG_ID, CallerHeaders.ORG,
            TenantScope.SANDBOX_NAME, CallerHeaders.SANDBOX,
            IdempotencyKey.FIELD, IdempotentRequests.HEADER);

    private ErrorMapping() {
    }

    static ApiError of(DomainException refused) {
        DomainError error = refused.error();
        ErrorCode code = switch (error.category()) {
            case INVALID -> ErrorCode.VALIDATION_FAILED;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case DUPLICATE -> ErrorCode.DUPLICATE_RESOURCE;
            case UNPROCESSABLE -> ErrorCode.UNPROCESSABLE_ENTITY;
            case DEPENDENCY_FAILED -> ErrorCode.BAD_GATEWAY;
            case TOO_LARGE -> ErrorCode.PAYLOAD_TOO_LARGE;
        };
        if (error instanceof DomainError.Invalid invalid) {
            return ApiError.invalid(WIRE_NAMES.getOrDefault(invalid.field(), invalid.field()), invalid.rule());
        }
        if (error instanceof DomainError.Unprocessable refusal) {
            return new ApiError(code, error.detail(), refusal.retryAfter());
        }
        return new ApiError(code, error.detail());
    }

    /**
     * A status Javalin or Jetty chose; {@code method} and {@code path} are null when the request was not even
     * parsed, and {@code reason} is what the HTTP layer said, if anything.
     */
    static ApiError ofStatus(int status, String method, String path, String reason) {
        return switch (status) {
            case 404 -> new ApiError(ErrorCode.NOT_FOUND, "path: there is no resource at " + at(method, path));
            case 405 -> new ApiError(ErrorCode.METHOD_NOT_ALLOWED, "method: " + (method == null ? "the method"
                    : method) + " is not allowed on " + (path == null ? "this path" : path));
            case 408 -> new ApiError(ErrorCode.REQUEST_TIMEOUT, "request: did not arrive whole within the server's "
                    + "idle timeout (30 s); send the whole request at once");
            case 413 -> tooLarge();
            case 414 -> new ApiError(ErrorCode.URI_TOO_LONG, "path: the URI is longer than this server accepts");
            case 431 -> new ApiError(ErrorCode.HEADERS_TOO_LARGE, "headers: larger than this server accepts");
            case 503 -> new ApiError(ErrorCode.SERVICE_UNAVAILABLE,
                    "the server is stopping; send the request again, to another node or once it is back");
            // 505: the client spoke an HTTP version it should not have; bad input is a 4xx
            default -> status >= 500 && status != 505
                    ? new ApiError(ErrorCode.INTERNAL_SERVER_ERROR, "the service failed to handle the request")
                    : ApiError.invalid("request", "malformed HTTP request" + explained(status, reason));
        };
    }

    /**
     * Failures that surface inside a handler but are the client's doing: a body whose framing is broken (invalid
     * chunked encoding) or that ends before its length. They are 400s naming the body, not faults of the service.
     */
    static Optional<ApiError> ofClientFault(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http && http.getCode() == 413) {
                return Optional.of(tooLarge());
            }
            if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500
                    || cause instanceof EofException) {
                return Optional.of(ApiError.invalid("body", "the request body is malformed or ended early "
                        + "(broken chunked framing, or fewer bytes than Content-Length)"));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /** A fault of the service: nothing of it is shown but the request id to quote. */
    static ApiError internal(String requestId) {
        return new ApiError(ErrorCode.INTERNAL_SERVER_ERROR,
                "the service failed to handle the request; quote request id " + requestId);
    }

    /** A request whose head never came whole: the connection ended, or went quiet until the idle timeout. */
    static ApiError unfinished() {
        return ApiError.invalid("request", "the connection ended, or stayed idle for 30 s, before the request was "
                + "whole");
    }

    static ApiError tooLarge() {
        return new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "body: is larger than the limit this server accepts");
    }

    /** An upload that declares more than its limit, refused before a byte of it is read, as the domain words it. */
    static ApiError uploadTooLarge(long limitBytes) {
        return of(new DomainException(new DomainError.TooLarge("body", limitBytes)));
    }

    private static String at(String method, String path) {
        return method == null || path == null ? "this path" : method + " " + path;
    }

    private static String explained(int status, String reason) {
        String plain = reason == null ? "" : reason.replaceFirst("^\\d{3}: ", "").trim();
        if (plain.isEmpty() || plain.equalsIgnoreCase(HttpStatus.getMessage(status))
                || plain.equalsIgnoreCase(HttpStatus.getMessage(400))) {
            return "";
        }
        return " (" + plain.toLowerCase(Locale.ROOT) + ")";
    }
}
