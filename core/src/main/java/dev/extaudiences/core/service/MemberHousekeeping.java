package dev.extaudiences.core.service;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Gives back the space of the membership a full run replaced as soon as the run has ended, rather than at the
 * sweeper's next pass: until then the replaced rows take as much space as the current ones, and an embedded database
 * file grows by a whole audience with every full run. The removal runs on its own executor, after the run's success is
 * stored, so that it never delays it, and a batch per transaction, so that no reader or writer of the audience waits
 * on it for long. Whatever it does not get to (a failure, a node stopped meanwhile) the sweeper removes.
 */
public final class MemberHousekeeping {

    // the JDK's logger: the domain names no logging library; the app routes it to its own
    private static final System.Logger LOG = System.getLogger(MemberHousekeeping.class.getName());

    /** Rows removed per transaction: a few hundred milliseconds of a database's time at most. */
    public static final int BATCH_SIZE = 10_000;

    private final Members members;
    private final Executor executor;
    private final int batchSize;
    private volatile boolean stopped;

    public MemberHousekeeping(Members members, Executor executor, int batchSize) {
        this.members = Objects.requireNonNull(members);
        this.executor = Objects.requireNonNull(executor);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** Schedules the removal of what a full run of the audience replaced; never throws. */
    public void afterFullRun(TenantScope scope, AudienceId audienceId) {
        try {
            executor.execute(() -> removeReplaced(scope, audienceId));
        } catch (RejectedExecutionException closing) {
            // the node is stopping: the sweeper's next pass, on any node, removes the rows
        }
    }

    /**
     * Removes the audience's replaced rows, a batch at a time, until none is left or {@link #stop} is called; answers
     * how many it removed. A store failure ends it quietly: the sweeper tries again on its next pass.
     */
    public long removeReplaced(TenantScope scope, AudienceId audienceId) {
        long removed = 0;
        try {
            int batch;
            do {
                if (stopped) {
                    return removed;
                }
                batch = members.removeReplaced(scope, audienceId, batchSize);
                removed += batch;
            } while (batch == batchSize);
        } catch (RuntimeException storeFailure) {
            LOG.log(System.Logger.Level.WARNING, "the replaced members of audience " + audienceId + " could not be"
                    + " removed after its run; the sweeper will", storeFailure);
        }
        return removed;
    }

    /** Ends every removal after its batch in flight: a stopping node waits for one transaction, not an audience. */
    public void stop() {
        stopped = true;
    }
}
