package dev.extaudiences.core.webhook;

/** What a subscription can ask to be told. */
public enum EventType {
    /** A create operation ended: the audience exists, or the operation failed with a reason. */
    OPERATION_ENDED,
    /** An ingestion run ended, succeeded or failed, with its counts. */
    RUN_ENDED
}
