package dev.extaudiences.core.port.out;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What runs have read and not yet merged. A run first stages what it read, batch by batch, then merges it into the
 * audience's {@link Members} in one atomic step: readers see the membership before the merge or after it, never half
 * of it. A merge writes what the members store reads, so both stores come from one adapter.
 */
public interface StagedMembers {

    /**
     * Appends a batch to a run's staging area, in order. An identity staged again (in this batch or a later one)
     * replaces what was staged for it before: at the merge, the last one staged wins and the others count as
     * duplicates. Appending is all a batch costs, so that a run stages millions of rows at the store's full speed.
     */
    void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch);

    /**
     * How many members this store takes best in one {@link #stage} call. A run hands its members over at the first
     * batch boundary where this many wait (so a write is never smaller than a batch of the engine's): a store whose
     * writes cost less per row when larger (a bulk {@code COPY}) asks for more, one that holds its readers up while it
     * writes keeps its writes short. The default is one batch of the engine's.
     */
    default int membersPerWrite() {
        return 1;
    }

    /**
     * Merges a run's staged members into the audience, stamped {@code ingestedAt}, and empties the staging area. A
     * differential merge upserts; a full merge leaves the membership exactly equal to what was staged. Counts: added
     * (no live member before), updated (a live member before), removed (live members a full merge dropped),
     * duplicates (staged members replaced by a later one of the same identity), collapsed (staged members whose
     * identity was normalised and meets a member live before the merge, or another staged member of the run in a
     * different spelling: {@link MergeOutcome#collapsed()}; counted over every row staged, duplicates included, and
     * costing nothing when no staged member has a {@link StagedMember#spelling()}).
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
     *
     * <p>A store that merges in steps tells {@code progress}, between them, how many members it has written so far
     * (none of them visible to a reader before the merge ends), so that a run shows its profile stage advance; one
     * that merges in a single step need not tell it anything. When {@code progress} answers that the run has ended or
     * is gone, the merge stops there: nothing is merged, and the answer is a {@link Finish.NotFinished} naming which.
     */
    Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                          Instant ingestedAt, Instant expiryCutoff, Progress progress,
                          Function<MergeOutcome, IngestionRun> finished);

    /**
     * What {@link #merge} would do with a run's staged members if it ran now with the same mode and cutoff, counted
     * exactly as the merge counts, and nothing written: the membership and the staging stay as they are. What a dry
     * run reports.
     */
    MergeOutcome preview(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                         Instant expiryCutoff);

    /** How many staged members of the run repeat an identity staged before them. */
    long stagedDuplicates(TenantScope scope, AudienceId audienceId, RunId runId);

    /** Drops a run's staging area without touching the membership. */
    void discard(TenantScope scope, AudienceId audienceId, RunId runId);

    /** Drops what every run of the audience staged, and nothing another audience's runs staged. */
    void removeAll(TenantScope scope, AudienceId audienceId);

    /** Told how far a {@link #mergeAndFinish} has come; answers what became of the run's progress when stored. */
    @FunctionalInterface
    interface Progress {

        /** Progress nobody watches: the merge goes on to its end. */
        Progress UNWATCHED = written -> IngestionRuns.RunWrite.WRITTEN;

        /**
         * The merge has written {@code written} members so far, more than when it last told; answers
         * {@link IngestionRuns.RunWrite#WRITTEN} for the merge to go on, anything else for it to stop merging.
         */
        IngestionRuns.RunWrite written(long written);
    }

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
