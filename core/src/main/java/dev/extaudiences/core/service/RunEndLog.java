package dev.extaudiences.core.service;

import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunCounts;
import dev.extaudiences.core.run.RunEffect;
import dev.extaudiences.core.run.RunStatus;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A line in the log for every run that ends, however it ends (its worker, a cancel, the lease sweeper), with what it
 * did: whoever runs the server sees runs succeed and fail without polling the API for them. Told by the
 * {@link EndAnnouncer}, as the webhooks are: once, and only once the run is stored ended.
 */
public final class RunEndLog {

    // one name for the runs' lines, as the requests' are "dev.extaudiences.http": an operator filters by it
    private static final System.Logger LOG = System.getLogger("dev.extaudiences.runs");

    /** Logs the end of {@code run}, stored ended (by the {@link EndAnnouncer}): INFO if it succeeded, else WARNING. */
    public void ended(IngestionRun run) {
        LOG.log(run.status() instanceof RunStatus.Failed ? Level.WARNING : Level.INFO, line(run));
    }

    /** Called only for a run stored ended: succeeded or failed. */
    private static String line(IngestionRun run) {
        RunCounts counts = run.counts();
        String outcome;
        Instant at;
        if (run.status() instanceof RunStatus.Failed failed) {
            outcome = "failed (" + failed.failure().cause() + ": " + failed.failure().reason() + ")";
            at = failed.at();
        } else {
            outcome = "succeeded";
            at = ((RunStatus.Succeeded) run.status()).at();
        }
        return String.format(Locale.ROOT, "%s %s of audience %s (org %s, sandbox %s) %s after %.1f s: %,d rows read,"
                        + " %,d rejected, %,d added, %,d updated, %,d removed",
                run.effect() == RunEffect.DRY_RUN ? "dry run" : "run", run.id().value(), run.audienceId().value(),
                run.scope().orgId(), run.scope().sandboxName(), outcome,
                Duration.between(run.created().at(), at).toMillis() / 1000.0, counts.rowsRead(),
                counts.rowsRejected(), counts.membersAdded(), counts.membersUpdated(), counts.membersRemoved());
    }
}
