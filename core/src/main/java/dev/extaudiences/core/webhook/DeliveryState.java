package dev.extaudiences.core.webhook;

/** Where a delivery stands. Delivered and given up are final. */
public enum DeliveryState {
    /** Not yet acknowledged: due at its next attempt time. */
    PENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Its retries ran out before the receiver acknowledged it. */
    GAVE_UP
}
