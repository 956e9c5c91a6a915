package dev.extaudiences.core.run;

/** How many runs are in progress, succeeded and failed: what an operator watches, in every scope together. */
public record RunsByStatus(long processing, long succeeded, long failed) {

    public static final RunsByStatus NONE = new RunsByStatus(0, 0, 0);

    public RunsByStatus {
        if (processing < 0 || succeeded < 0 || failed < 0) {
            throw new IllegalArgumentException("a count of runs is never negative");
        }
    }

    /** These counts and {@code runs} more of {@code kind}. */
    public RunsByStatus plus(RunStatus.Kind kind, long runs) {
        return switch (kind) {
            case PROCESSING -> new RunsByStatus(processing + runs, succeeded, failed);
            case SUCCEEDED -> new RunsByStatus(processing, succeeded + runs, failed);
            case FAILED -> new RunsByStatus(processing, succeeded, failed + runs);
        };
    }

    /** How many runs are of {@code kind}. */
    public long of(RunStatus.Kind kind) {
        return switch (kind) {
            case PROCESSING -> processing;
            case SUCCEEDED -> succeeded;
            case FAILED -> failed;
        };
    }
}
