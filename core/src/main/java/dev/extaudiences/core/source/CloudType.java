package dev.extaudiences.core.source;

/** The kinds of storage an audience can be read from. */
public enum CloudType {
    S3("S3", ConnectionNeed.REQUIRED),
    DLZ("DLZ", ConnectionNeed.NONE),
    GCS("GCS", ConnectionNeed.REQUIRED),
    AZURE("Azure", ConnectionNeed.OPTIONAL),
    SFTP("SFTP", ConnectionNeed.REQUIRED);

    /** Whether a request naming this cloud type must also name a {@code baseConnectionId}. */
    public enum ConnectionNeed { REQUIRED, OPTIONAL, NONE }

    private final String displayName;
    private final ConnectionNeed connectionNeed;

    CloudType(String displayName, ConnectionNeed connectionNeed) {
        this.displayName = displayName;
        this.connectionNeed = connectionNeed;
    }

    /**
     * The storage as people call it, for the domain's own messages ("the Azure connection 'crm' failed while ...").
     * How a request, a setting or a stored row spells a cloud type is each adapter's to say.
     */
    public String displayName() {
        return displayName;
    }

    public ConnectionNeed connectionNeed() {
        return connectionNeed;
    }
}
