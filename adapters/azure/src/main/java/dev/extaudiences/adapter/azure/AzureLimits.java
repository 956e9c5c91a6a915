package dev.extaudiences.adapter.azure;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the client waits and how often it tries: an unreachable endpoint fails in seconds, and throttling or a
 * failing service is tried {@code tries} times, pausing {@code firstRetryDelay} times 1, 3, 7... (at most
 * {@code longestRetryDelay}) between tries, before the failure is the caller's (core retries storage failures again
 * at its own pace). The SDK's own defaults wait up to two minutes between four tries, and a minute for an answer.
 * {@code pageSize} blobs are asked for per listing page.
 */
public record AzureLimits(int pageSize, Duration connectTimeout, Duration readTimeout, int tries,
                          Duration firstRetryDelay, Duration longestRetryDelay) {

    /**
     * The service's largest page; 5 s to connect, 30 s for an answer or for its next bytes; 3 tries, 0.5 s then 1.5 s
     * apart.
     */
    public static final AzureLimits DEFAULTS = new AzureLimits(5000, Duration.ofSeconds(5), Duration.ofSeconds(30), 3,
            Duration.ofMillis(500), Duration.ofSeconds(2));

    public AzureLimits {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(firstRetryDelay, "firstRetryDelay");
        Objects.requireNonNull(longestRetryDelay, "longestRetryDelay");
        if (pageSize < 1 || pageSize > 5000) {
            throw new IllegalArgumentException("a listing page holds 1 to 5000 blobs, not " + pageSize);
        }
        if (tries < 1) {
            throw new IllegalArgumentException("a request is tried at least once");
        }
        if (!positive(connectTimeout) || !positive(readTimeout) || !positive(firstRetryDelay)
                || longestRetryDelay.compareTo(firstRetryDelay) < 0) {
            throw new IllegalArgumentException("timeouts and retry delays are positive, the longest delay no shorter "
                    + "than the first");
        }
    }

    public AzureLimits withPageSize(int size) {
        return new AzureLimits(size, connectTimeout, readTimeout, tries, firstRetryDelay, longestRetryDelay);
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
