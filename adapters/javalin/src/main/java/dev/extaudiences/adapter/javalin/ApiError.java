package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A refusal on its way to the caller: a code of the contract and a detail naming what was wrong. Which code a failure
 * gets is {@link ErrorMapping}'s to say.
 */
final class ApiError extends RuntimeException {

    final ErrorCode code;
    final String detail;
    /** When the refusal would let the request through, if it can tell: sent as {@code Retry-After}, in seconds. */
    final Optional<Duration> retryAfter;

    ApiError(ErrorCode code, String detail) {
        this(code, detail, Optional.empty());
    }

    ApiError(ErrorCode code, String detail, Optional<Duration> retryAfter) {
        super(detail, null, false, false);
        this.code = Objects.requireNonNull(code);
        this.detail = Objects.requireNonNull(detail);
        this.retryAfter = Objects.requireNonNull(retryAfter);
    }

    static ApiError invalid(String field, String rule) {
        return new ApiError(ErrorCode.VALIDATION_FAILED, field + ": " + rule);
    }

    /** The one error shape of every refusal: status, title, errorCode, detail and the request id to quote. */
    ObjectNode body(ObjectMapper mapper, String requestId) {
        ObjectNode body = mapper.createObjectNode();
        body.put("status", code.status);
        body.put("title", code.title);
        body.put("errorCode", code.code);
        body.put("detail", detail);
        body.put("requestId", requestId);
        return body;
    }
}
