package dev.extaudiences.adapter.javalin;

import java.util.Optional;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;

/**
 * Failures that surface inside a handler but are the client's doing: a body whose framing is broken (invalid chunked
 * encoding) or that ends before its length. They are 400s naming the body, not faults of the service.
 */
final class ClientFaults {

    private ClientFaults() {
    }

    static Optional<ApiError> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http && http.getCode() == 413) {
                return Optional.of(new ApiError(ErrorCode.PAYLOAD_TOO_LARGE,
                        "body: is larger than the limit this server accepts"));
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
}
