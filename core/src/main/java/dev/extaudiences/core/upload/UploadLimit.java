package dev.extaudiences.core.upload;

/**
 * The most bytes one upload into the landing zone may hold: a browser or a client can send a file of any size, and
 * the server's disk is not theirs to fill.
 */
public record UploadLimit(long maxBytes) {

    /** 64 MiB: a CSV of about a million identities with a few attributes; larger files belong in a connection. */
    public static final UploadLimit DEFAULT = new UploadLimit(64L * 1024 * 1024);

    public UploadLimit {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the upload limit must be at least 1 byte, was " + maxBytes);
        }
    }

    /** Whether a body that says it holds {@code bytes} is over the limit before a byte of it is read. */
    public boolean refuses(long bytes) {
        return bytes > maxBytes;
    }
}
