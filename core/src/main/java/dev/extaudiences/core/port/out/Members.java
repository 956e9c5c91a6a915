package dev.extaudiences.core.port.out;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where audience membership is kept. A run first stages what it read, batch by batch, then merges it in one atomic
 * step: readers see the membership before the merge or after it, never half of it. Reads take an expiry cutoff
 * computed from the audience's current TTL: a member last ingested at or before it is never returned.
 */
public interface Members {

    /**
     * Appends a batch to a run's staging area, in order. An identity staged again (in this batch or a later one)
     * replaces what was staged for it before: at the merge, the last one staged wins and the others count as
     * duplicates. Appending is all a batch costs, so that a run stages millions of rows at the store's full speed.
     */
    void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch);

    /**
     * Merges a run's staged members into the audience, stamped {@code ingestedAt}, and empties the staging area. A
     * differential merge upserts; a full merge leaves the membership exactly equal to what was staged. Counts: added
     * (no live member before), updated (a live member before), removed (live members a full merge dropped),
     * duplicates (staged members replaced by a later one of the same identity).
     */
    MergeOutcome merge(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode, Instant ingestedAt,
                       Instant expiryCutoff);

    /**
     * Merges a run's staged members as {@link #merge} does <em>and</em> stores the run's outcome, in one atomic step:
     * whatever fails or crashes, the run reads as {@code finished} said if and only if its members are in.
     * {@code finished} is given what the merge did and answers the run's next state (its counts, its last stage
     * ended); it is stored as {@link IngestionRuns#update} stores a run. When that state is not stored because the run
     * has ended meanwhile (another node failed it when its lease lapsed) or no longer exists (its audience was
     * deleted), nothing is merged, the staging stays for the caller to discard, and the answer is a
     * {@link Finish.NotFinished} naming which. Any failure of {@code finished} or of the store is thrown as it was:
     * it is a bug or an outage, never an outcome.
     */
    Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                          Instant ingestedAt, Instant expiryCutoff, Function<MergeOutcome, IngestionRun> finished);

    /** How many staged members of the run repeat an identity staged before them. */
    long stagedDuplicates(TenantScope scope, AudienceId audienceId, RunId runId);

    /** Drops a run's staging area without touching the membership. */
    void discard(TenantScope scope, AudienceId audienceId, RunId runId);

    Optional<Member> find(TenantScope scope, AudienceId audienceId, Identity identity, Instant expiryCutoff);

    /** Live members of the audience, ordered by namespace then value. */
    Page<Member> list(TenantScope scope, AudienceId audienceId, Instant expiryCutoff, PageRequest page);

    /** Every membership of the identity in the scope, live or not: the caller applies each audience's own TTL. */
    List<Member> memberships(TenantScope scope, Identity identity);

    /** Physically removes at most {@code batchSize} expired members of the audience; answers how many it removed. */
    int removeExpired(TenantScope scope, AudienceId audienceId, Instant expiryCutoff, int batchSize);

    /**
     * Physically removes at most {@code batchSize} rows that full merges replaced (no reader sees them any longer),
     * in one short transaction, so that readers and writers of the audience are never held up for long; answers how
     * many it removed. A store that lets go of a replaced membership at the merge itself answers 0.
     */
    int removeReplaced(TenantScope scope, AudienceId audienceId, int batchSize);

    /**
     * How many member rows the store keeps for the audience, whether readers see them or not (replaced by a full
     * merge, expired but not yet swept): the space the audience takes, which is what housekeeping gives back.
     */
    long storedRows(TenantScope scope, AudienceId audienceId);

    /** Removes every member of the audience, and anything staged for it. */
    void removeAll(TenantScope scope, AudienceId audienceId);

    /** What a {@link #mergeAndFinish} did: merged and finished, or neither, and why not. */
    sealed interface Finish {

        /** The members are in and the run's outcome is stored. */
        record Finished(MergeOutcome outcome) implements Finish {
            public Finished {
                Objects.requireNonNull(outcome, "outcome");
            }
        }

        /** Nothing merged and the run left as stored: it had ended, or it is gone. */
        record NotFinished(IngestionRuns.RunWrite why) implements Finish {
            public NotFinished {
                Objects.requireNonNull(why, "why");
                if (why == IngestionRuns.RunWrite.WRITTEN) {
                    throw new IllegalArgumentException("a run whose outcome was written is finished");
                }
            }
        }
    }
}
