package dev.extaudiences.standin;

/**
 * An answer the stand-in gives instead of the server's, for a test of the client's error handling: the call is not
 * forwarded, so nothing changes on the server. Both answers have the server's one error shape.
 */
public enum Fault {
    /** {@code 502 BAD_GATEWAY 100970-502}: a gateway failing in front of the service; a client may retry. */
    BAD_GATEWAY(502, "BAD_GATEWAY", "100970-502", "the stand-in answered for the service (an injected fault)"),
    /** {@code 422 UNPROCESSABLE_ENTITY 100960-422}, worded as the run guardrail of the day is. */
    GUARDRAIL(422, "UNPROCESSABLE_ENTITY", "100960-422",
            "the audience has reached its limit of ingestion runs per day (an injected fault)");

    final int status;
    final String title;
    final String errorCode;
    final String detail;

    Fault(int status, String title, String errorCode, String detail) {
        this.status = status;
        this.title = title;
        this.errorCode = errorCode;
        this.detail = detail;
    }
}
