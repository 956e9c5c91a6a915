package dev.extaudiences.adapter.s3;

/** How a request names its bucket. */
public enum Addressing {
    /** {@code https://bucket.endpoint/key}: AWS's default. */
    VIRTUAL_HOSTED,
    /**
     * {@code https://endpoint/bucket/key}: what most S3-compatible servers (MinIO, Ceph) expect, and what works for a
     * bucket whose name holds dots over TLS.
     */
    PATH
}
