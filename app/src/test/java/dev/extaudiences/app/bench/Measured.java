package dev.extaudiences.app.bench;

/**
 * One round of load against one route: requests completed per second over the round, the latency percentiles in
 * milliseconds, and how many answers were not 2xx (or failed on the socket), which a figure must be read with.
 */
record Measured(double perSecond, double p50Millis, double p99Millis, long requests, long failures) {

    /** The round with the most requests per second: the best of the rounds, as the issue asks. */
    static Measured best(Iterable<Measured> rounds) {
        Measured best = null;
        for (Measured round : rounds) {
            if (best == null || round.perSecond() > best.perSecond()) {
                best = round;
            }
        }
        return best;
    }
}
