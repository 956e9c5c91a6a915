package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.run.IngestionRun;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs that have ended, decoded once per node. A run's stored body changes only while it is in progress (every
 * update of it requires {@code status = 'PROCESSING'}), so an ended run read again is the run decoded before:
 * clients poll ended runs and list pages of them, and decoding the twenty bodies of a page was a fifth of its
 * processor time. The row is still read every time: its tenant, its audience and the audience's existence are
 * checked by the statement as before, and only its decoding is skipped. Nodes sharing one database each keep their
 * own, and agree, since what they hold cannot change under them.
 */
final class EndedRuns {

    /** Enough for the pages clients poll; at most a few megabytes. Past it, it starts again empty. */
    private static final int MOST = 4_096;

    private record Key(String org, String sandbox, String runId) {
    }

    private final ConcurrentHashMap<Key, IngestionRun> decoded = new ConcurrentHashMap<>();

    /** The run stored as {@code body}, decoded unless it has ended and was decoded before. */
    IngestionRun decode(TenantScope scope, String runId, String audienceId, String status, String body) {
        if (StoredStatus.PROCESSING.equals(status)) {
            return RunCodec.decode(scope, runId, audienceId, body);
        }
        Key key = new Key(scope.orgId(), scope.sandboxName(), runId);
        IngestionRun known = decoded.get(key);
        if (known != null && known.audienceId().value().equals(audienceId)) {
            return known;
        }
        IngestionRun run = RunCodec.decode(scope, runId, audienceId, body);
        if (decoded.size() >= MOST) {
            decoded.clear();
        }
        decoded.put(key, run);
        return run;
    }
}
