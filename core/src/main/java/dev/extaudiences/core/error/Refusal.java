package dev.extaudiences.core.error;

/** Why a well-formed request was refused: the closed set of business reasons behind a 422. */
public enum Refusal {
    /** Another run of the same audience has not finished yet. */
    RUN_IN_PROGRESS,
    /** The audience has used up its runs for the current UTC day. */
    AUDIENCE_RUN_GUARDRAIL,
    /** The sandbox has used up its runs for the current UTC day. */
    SANDBOX_RUN_GUARDRAIL,
    /** The source the audience names cannot be read by this server. */
    SOURCE_NOT_AVAILABLE,
    /** The audience reads a connection, not the data landing zone, so nothing can be uploaded for it here. */
    SOURCE_NOT_LANDING_ZONE,
    /** The run has ended (succeeded or failed): there is nothing left to cancel. */
    RUN_ENDED,
    /**
     * How identities are kept at rest (hashed or not) cannot change once the audience has members, or while a run
     * may write some: the stored ones would no longer match any lookup.
     */
    IDENTITY_STORAGE_LOCKED
}
