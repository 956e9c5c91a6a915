package dev.extaudiences.adapter.s3;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a storage waits and how hard it tries: an endpoint that does not accept a connection within
 * {@code connectTimeout}, or stops sending for {@code readTimeout}, has failed; a throttled or failing request (503
 * SlowDown, 429, 500) is sent at most {@code attempts} times with the SDK's standard backoff between; a listing asks
 * for {@code pageSize} keys a page (S3 gives at most 1,000).
 */
public record S3Limits(Duration connectTimeout, Duration readTimeout, int attempts, int pageSize) {

    /** Seconds, not minutes: a run that cannot reach its storage fails while someone still waits for it. */
    public static final S3Limits DEFAULTS = new S3Limits(Duration.ofSeconds(5), Duration.ofSeconds(30), 4, 1000);

    public S3Limits {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("S3 timeouts are positive");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("a request is sent at least once, attempts was " + attempts);
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("a listing page holds 1 to 1000 keys, was " + pageSize);
        }
    }

    /** These limits, listing {@code keys} keys a page. */
    public S3Limits withPageSize(int keys) {
        return new S3Limits(connectTimeout, readTimeout, attempts, keys);
    }
}
