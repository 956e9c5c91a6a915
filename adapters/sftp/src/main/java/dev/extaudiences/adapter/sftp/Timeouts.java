package dev.extaudiences.adapter.sftp;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each step of reaching an SFTP server may take, so that a server that is down, unreachable or stuck fails
 * a run within seconds instead of holding its worker.
 *
 * @param connect        until the TCP connection is made
 * @param authentication until keys are exchanged, the host key checked and the user logged in
 * @param read           until the server answers one request (a listing, a description, a block of a file); a
 *                       session left unused this long is closed, and the next request opens another
 */
public record Timeouts(Duration connect, Duration authentication, Duration read) {

    public Timeouts {
        requirePositive(connect, "connect");
        requirePositive(authentication, "authentication");
        requirePositive(read, "read");
    }

    /** 10 s to connect, 10 s to log in, 30 s for an answer. */
    public static Timeouts standard() {
        return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " timeout must be positive, was " + duration);
        }
    }
}
