package dev.extaudiences.adapter.javalin;

/**
 * The error codes of the public contract, with their status and title; the last ones are this server's own, for
 * HTTP-level refusals the contract does not list (a wrong method, an oversized body or header, a server stopping).
 */
enum ErrorCode {
    VALIDATION_FAILED(400, "BAD_REQUEST", "100910-400"),
    INVALID_TOKEN(400, "BAD_REQUEST", "100911-400"),
    MISSING_HEADER(401, "UNAUTHORIZED", "100920-401"),
    INVALID_ORG(401, "UNAUTHORIZED", "100921-401"),
    NOT_AUTHORISED(401, "UNAUTHORIZED", "100922-401"),
    NOT_FOUND(404, "NOT_FOUND", "100940-404"),
    DUPLICATE_RESOURCE(409, "DUPLICATE_RESOURCE", "100950-409"),
    UNPROCESSABLE_ENTITY(422, "UNPROCESSABLE_ENTITY", "100960-422"),
    INTERNAL_SERVER_ERROR(500, "INTERNAL_SERVER_ERROR", "100970-500"),
    BAD_GATEWAY(502, "BAD_GATEWAY", "100970-502"),
    METHOD_NOT_ALLOWED(405, "METHOD_NOT_ALLOWED", "100905-405"),
    REQUEST_TIMEOUT(408, "REQUEST_TIMEOUT", "100908-408"),
    PAYLOAD_TOO_LARGE(413, "PAYLOAD_TOO_LARGE", "100913-413"),
    URI_TOO_LONG(414, "URI_TOO_LONG", "100914-414"),
    HEADERS_TOO_LARGE(431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "100931-431"),
    SERVICE_UNAVAILABLE(503, "SERVICE_UNAVAILABLE", "100970-503"),
    /** An extension's: the first request under an idempotency key is still being worked on. */
    IDEMPOTENCY_KEY_IN_USE(409, "CONFLICT", "100951-409");

    final int status;
    final String title;
    final String code;

    ErrorCode(int status, String title, String code) {
        this.status = status;
        this.title = title;
        this.code = code;
    }
}
