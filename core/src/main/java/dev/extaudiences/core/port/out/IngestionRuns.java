package dev.extaudiences.core.port.out;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunsByStatus;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where ingestion runs are kept. */
public interface IngestionRuns {

    /**
     * Stores a new run. The store itself guarantees at most one run in progress per audience, atomically, so that
     * concurrent starts (from one node or several sharing a database) cannot both win: the loser gets an
     * {@code Unprocessable} domain error with the reason {@code RUN_IN_PROGRESS}.
     */
    default void add(IngestionRun run) {
        add(run, RunGuardrails.UNLIMITED);
    }

    /**
     * Stores a new run within the daily guardrails, deciding them atomically with the add, as it decides "one in
     * progress": of concurrent starts (from one node or several sharing a database) no more are accepted than the
     * limits allow. A run counts against the UTC day of its creation time ({@link RunGuardrails#dayStart}), per
     * audience and per sandbox, for good: deleting an audience does not give its runs back to the sandbox. Refused
     * with an {@code Unprocessable} domain error naming the limit ({@code AUDIENCE_RUN_GUARDRAIL} or
     * {@code SANDBOX_RUN_GUARDRAIL}), or {@code RUN_IN_PROGRESS} as {@link #add(IngestionRun)} is; a refused run is
     * not stored and not counted. A dry run ({@link IngestionRun#isDryRun}) is counted against the sandbox's day only:
     * it changes no member, so it does not use up the audience's runs, but it costs the sandbox a run's work.
     */
    void add(IngestionRun run, RunGuardrails guardrails);

    /**
     * The run, while its audience is there: a store that can hold runs past their audience's removal (a deletion cut
     * short by a crash, between the audience and its runs) answers none of them.
     */
    Optional<IngestionRun> find(TenantScope scope, AudienceId audienceId, RunId runId);

    Optional<IngestionRun> inProgress(TenantScope scope, AudienceId audienceId);

    /**
     * The runs of one audience that match the query, sorted and sliced as it says; none, as {@link #find} says, once
     * the audience is gone.
     */
    Page<IngestionRun> list(TenantScope scope, AudienceId audienceId, RunQuery query);

    /** How many runs of the audience were created at or after {@code since}. */
    long countCreatedSince(TenantScope scope, AudienceId audienceId, Instant since);

    /** How many runs of the whole sandbox were created at or after {@code since}. */
    long countCreatedSince(TenantScope scope, Instant since);

    /**
     * How many runs the daily guardrail of the audience counted on the UTC day starting at {@code day} (a
     * {@link RunGuardrails#dayStart}): the figure {@link #add(IngestionRun, RunGuardrails)} decides on, refused runs
     * not counted. Deleting the audience forgets its count.
     */
    long runsCounted(TenantScope scope, AudienceId audienceId, Instant day);

    /**
     * How many runs the daily guardrail of the sandbox counted on the UTC day starting at {@code day}, including the
     * runs of audiences deleted since (they are not given back).
     */
    long runsCounted(TenantScope scope, Instant day);

    /**
     * Stores the next state of a run and answers what became of it. A run that has ended is final: replacing it
     * changes nothing and answers {@link RunWrite#ALREADY_ENDED}, whoever ended it (another node whose lease sweeper
     * failed it, this node's own earlier write); a run that is no longer stored (its audience was deleted) answers
     * {@link RunWrite#GONE}. Only a failure of the store itself is thrown: an outcome another writer decided is an
     * answer, so that a caller never has to tell it apart from a bug by the type of an exception.
     */
    RunWrite update(IngestionRun run);

    /**
     * Claims the oldest run in progress that no worker has claimed yet, in any scope, for {@code worker} until
     * {@code leaseUntil}. A run is claimed at most once, whichever node asks: two workers never get the same run.
     */
    Optional<IngestionRun> claimNext(String worker, Instant leaseUntil);

    /** Extends the worker's lease on a run; answers false when the run is no longer leased to it (or has ended). */
    boolean renewLease(IngestionRun run, String worker, Instant leaseUntil);

    /** Runs still in progress whose lease lapsed before {@code now}: their worker stopped without ending them. */
    List<IngestionRun> lapsed(Instant now, int limit);

    /** Records that {@code worker} (a node's run workers) was alive at {@code at}; a later sighting replaces it. */
    void workerSeen(String worker, Instant at);

    /** The latest sighting of any worker, in every scope and from every node sharing the store. */
    Optional<Instant> lastWorkerSeen();

    /** How many runs there are of each status, in every scope: what an operator's metrics show. */
    RunsByStatus countByStatus();

    /** Removes every run of the audience. */
    void removeAll(TenantScope scope, AudienceId audienceId);

    /** What became of a run's next state: a closed set, so that a caller handles every outcome by name. */
    enum RunWrite {
        /** The state is stored. */
        WRITTEN,
        /** The stored run had ended; it stays as it ended, and nothing is changed. */
        ALREADY_ENDED,
        /** No such run is stored (its audience was deleted); nothing is changed. */
        GONE
    }
}
