package dev.extaudiences.app.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Every latency of a round, in nanoseconds, kept whole (a round is at most a few hundred thousand requests): its
 * percentiles are exact, not a histogram's buckets. One recorder per thread; merged once the round is over.
 */
final class Latencies {

    private long[] values = new long[4096];
    private int count;

    void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    int count() {
        return count;
    }

    static Latencies merged(List<Latencies> parts) {
        Latencies all = new Latencies();
        all.values = new long[Math.max(1, parts.stream().mapToInt(Latencies::count).sum())];
        for (Latencies part : parts) {
            System.arraycopy(part.values, 0, all.values, all.count, part.count);
            all.count += part.count;
        }
        Arrays.sort(all.values, 0, all.count);
        return all;
    }

    /** The nearest-rank percentile of a merged (sorted) recording, in milliseconds; NaN when nothing was recorded. */
    double percentileMillis(double percentile) {
        if (count == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100 * count);
        return values[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
    }
}
