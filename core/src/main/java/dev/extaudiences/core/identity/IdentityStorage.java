package dev.extaudiences.core.identity;

/** How an audience keeps its members' identities at rest. */
public enum IdentityStorage {
    /** The normalised value itself. */
    NORMALISED,
    /**
     * Only the SHA-256 (64 lower-case hex digits) of the normalised value: the store never holds the address or
     * number, and every lookup hashes its query the same way. A value of a hashed namespace is a hash already and is
     * kept as it is.
     */
    SHA256_OF_NORMALISED
}
