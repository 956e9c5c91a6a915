package dev.extaudiences.app.bench;

/**
 * One round of load against one route: requests completed per second over the round, the latency percentiles in
 * milliseconds, and how many answers were not 2xx (or failed on the socket), which a figure must be read with.
 */
record Measured(double perSecond, double p50Millis, double p99Millis, long requests, long failures) {

    /** The round with the most requests per second: the best of the rounds, as the issue asks. */
    /**
     * The fastest round among those every request of which was answered 2xx: a round that ran out of audiences to
     * start runs on answers its refusals fast, and would otherwise be the "best" (seen on PostgreSQL: 1,707 starts a
     * second with 6,044 refusals, against 1,078 with none). Only when every round had refusals is the fastest taken.
     */
    static Measured best(Iterable<Measured> rounds) {
        Measured best = null;
        for (Measured round : rounds) {
            if (best == null || better(round, best)) {
                best = round;
            }
        }
        return best;
    }

    private static boolean better(Measured round, Measured than) {
        if ((round.failures() == 0) != (than.failures() == 0)) {
            return round.failures() == 0;
        }
        return round.perSecond() > than.perSecond();
    }
}
