package dev.extaudiences.core.run;

/**
 * What a run has done so far. Counts only ever grow while the run is in progress, so a caller polling a run sees
 * progress, never a step back.
 */
public record RunCounts(long files, long rowsRead, long rowsRejected, long membersAdded, long membersUpdated,
                        long membersRemoved) {

    public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0, 0, 0);

    public RunCounts {
        if (files < 0 || rowsRead < 0 || rowsRejected < 0 || membersAdded < 0 || membersUpdated < 0
                || membersRemoved < 0) {
            throw new IllegalArgumentException("run counts must not be negative");
        }
        if (rowsRejected > rowsRead) {
            throw new IllegalArgumentException("a run cannot reject more rows than it read");
        }
    }

    public boolean isReachableFrom(RunCounts earlier) {
        return files >= earlier.files && rowsRead >= earlier.rowsRead && rowsRejected >= earlier.rowsRejected
                && membersAdded >= earlier.membersAdded && membersUpdated >= earlier.membersUpdated
                && membersRemoved >= earlier.membersRemoved;
    }
}
