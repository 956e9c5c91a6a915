package dev.extaudiences.core.source;

import dev.extaudiences.core.error.DomainException;

/** The kinds of storage an audience can be read from, by their wire names. */
public enum CloudType {
    S3("S3", ConnectionNeed.REQUIRED),
    DLZ("DLZ", ConnectionNeed.NONE),
    GCS("GCS", ConnectionNeed.REQUIRED),
    AZURE("Azure", ConnectionNeed.OPTIONAL),
    SFTP("SFTP", ConnectionNeed.REQUIRED);

    /** Whether a request naming this cloud type must also name a {@code baseConnectionId}. */
    public enum ConnectionNeed { REQUIRED, OPTIONAL, NONE }

    private final String wireName;
    private final ConnectionNeed connectionNeed;

    CloudType(String wireName, ConnectionNeed connectionNeed) {
        this.wireName = wireName;
        this.connectionNeed = connectionNeed;
    }

    public String wireName() {
        return wireName;
    }

    public ConnectionNeed connectionNeed() {
        return connectionNeed;
    }

    public static CloudType parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw DomainException.invalid("sourceSpec.cloudType", "must not be blank");
        }
        for (CloudType type : values()) {
            if (type.wireName.equalsIgnoreCase(raw.trim())) {
                return type;
            }
        }
        throw DomainException.invalid("sourceSpec.cloudType", "'" + raw + "' is not one of S3, DLZ, GCS, Azure, SFTP");
    }
}
