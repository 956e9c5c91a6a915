package dev.extaudiences.core.service;

import dev.extaudiences.core.IdentityRules;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.ingest.RowOutcome;
import dev.extaudiences.core.ingest.RowRules;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.SourceFiles;
import dev.extaudiences.core.port.out.SourceReads;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.run.IdentityMatches;
import dev.extaudiences.core.run.IllegalRunTransition;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RejectedRow;
import dev.extaudiences.core.run.RowPart;
import dev.extaudiences.core.run.RunCounts;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.Stage;
import dev.extaudiences.core.run.StageStatus;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.ReadNotice;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceRecord;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Executes one claimed run: selects the files of its window, reads and checks every row, stages the accepted ones
 * in writes of the size the store asks for (memory does not grow with the file), then merges them into the membership
 * in one atomic step (a dry run only counts what that merge would do). Any failure discards what was staged: the
 * audience and the members of earlier runs stay as they were. A run cancelled, or failed elsewhere, while it executes
 * is found ended at its next write (every batch, the start of the profile stage, the merge's own outcome) and stopped
 * there, its staging dropped.
 */
public final class IngestionEngine {

    // the JDK's logger: the domain names no logging library; the app routes it to its own
    private static final System.Logger LOG = System.getLogger(IngestionEngine.class.getName());

    /** Rows read between two checks: the counts a caller polls advance, and the claim is checked, at this pace. */
    public static final int BATCH_SIZE = 5_000;

    /**
     * Attribute values handed to the store in one write at most (the batch boundary past it), whatever members it
     * asks for ({@link StagedMembers#membersPerWrite()}): a store asking for large writes of wide rows stays bounded.
     */
    static final int STAGED_VALUES = 400_000;

    /**
     * Whether a claimed run is still its worker's to execute. The worker keeps the lease alive by itself (a heartbeat,
     * so that one long statement never lets it lapse); the engine only asks, at every batch boundary, whether the
     * lease was lost or the worker is stopping, and gives the run up when so.
     */
    public interface Claim {
        /** False once the run is no longer this worker's to execute: its lease lost, or its worker stopping. */
        boolean held();
    }

    /**
     * Told once a full run's success is stored that the membership it replaced can go, so that its rows are removed
     * without the run waiting on them (see {@link MemberHousekeeping}). Called on the run's worker: it returns at once
     * and never throws.
     */
    @FunctionalInterface
    public interface AfterFullRun {
        void membershipReplaced(TenantScope scope, AudienceId audienceId);
    }

    private final Audiences audiences;
    private final IngestionRuns runs;
    private final StagedMembers stagedMembers;
    private final SourceFiles files;
    private final Clock clock;
    private final Backoff outcomeRetry;
    private final AfterFullRun afterFullRun;
    private final SourceReads reads;
    private final IdentityRules identityRules;

    /**
     * @param outcomeRetry how a failed run's outcome is saved again while the store cannot take it (a database
     *                     outage): bounded, so that a store that never comes back leaves the run to its lease
     * @param afterFullRun told when a full run has succeeded, so that what it replaced is removed
     * @param reads        told what each run read from its storage (files opened, bytes and rows read), as its counts
     *                     advance
     */
    public IngestionEngine(Audiences audiences, IngestionRuns runs, StagedMembers stagedMembers, SourceFiles files,
                           Clock clock, Backoff outcomeRetry, AfterFullRun afterFullRun, SourceReads reads) {
        this(audiences, runs, stagedMembers, files, clock, outcomeRetry, afterFullRun, reads, IdentityRules.defaults());
    }

    /** @param identityRules how each identity namespace's values are normalised before they decide membership */
    public IngestionEngine(Audiences audiences, IngestionRuns runs, StagedMembers stagedMembers, SourceFiles files,
                           Clock clock, Backoff outcomeRetry, AfterFullRun afterFullRun, SourceReads reads,
                           IdentityRules identityRules) {
        this.identityRules = Objects.requireNonNull(identityRules);
        this.audiences = Objects.requireNonNull(audiences);
        this.runs = Objects.requireNonNull(runs);
        this.stagedMembers = Objects.requireNonNull(stagedMembers);
        this.files = Objects.requireNonNull(files);
        this.clock = Objects.requireNonNull(clock);
        this.outcomeRetry = Objects.requireNonNull(outcomeRetry);
        this.afterFullRun = Objects.requireNonNull(afterFullRun);
        this.reads = Objects.requireNonNull(reads);
    }

    /** Why the run stopped before its end; only {@link #execute} sees these. */
    private static final class Stopped extends Exception {
        final Optional<RunFailure> failure;

        Stopped(Optional<RunFailure> failure) {
            super(null, null, false, false);
            this.failure = failure;
        }

        static Stopped failed(RunFailure.Cause cause, String reason) {
            return new Stopped(Optional.of(new RunFailure(cause, reason)));
        }

        /** The run was ended or taken by someone else: stop without touching it. */
        static Stopped lost() {
            return new Stopped(Optional.empty());
        }
    }

    /** Executes the run to its end (or until it is no longer this worker's). */
    public void execute(IngestionRun claimed, Claim claim) {
        audiences.find(claimed.scope(), claimed.audienceId())
                // an audience deleted meanwhile took its runs with it: nothing to do
                .ifPresent(audience -> new Execution(claimed, audience, claim).run());
    }

    /** One execution of one run; {@code current} is always the state last stored. */
    private final class Execution {
        private final Audience audience;
        private final Claim claim;
        private final StagingPipeline staging;
        private IngestionRun current;
        private boolean stagingConsumed; // merged into the members, or dropped
        private long fileBytesCounted; // of the file being read, what its counts already hold
        private final int membersPerWrite = stagedMembers.membersPerWrite();
        private List<StagedMember> unstaged = new ArrayList<>(); // accepted, counted, not yet handed to the store
        private long unstagedValues;

        Execution(IngestionRun claimed, Audience audience, Claim claim) {
            this.current = claimed;
            this.audience = audience;
            this.claim = claim;
            this.staging = new StagingPipeline(claimed.id().value());
        }

        void run() {
            try (staging) {
                execute();
            } finally {
                if (!stagingConsumed) {
                    // however the run ended (failed, lost, its audience deleted under it), nothing it staged may
                    // outlive it; the pipeline is closed by now, so no batch can land after the discard
                    discardStaging();
                }
            }
        }

        private void execute() {
            try {
                save(current.on(new RunEvent.StageStarted(Stage.DATASET_INGEST), clock.instant()));
                readDataset();
                staging.awaitWritten();
                boolean profiles = current.stage(Stage.PROFILE_STORE_INGEST).status() == StageStatus.PENDING;
                if (!profiles) {
                    // counted before the dataset stage ends, which ends a run without profiles: an ended run is final
                    long duplicates = stagedMembers.stagedDuplicates(current.scope(), current.audienceId(),
                            current.id());
                    stagedMembers.discard(current.scope(), current.audienceId(), current.id());
                    stagingConsumed = true;
                    save(current.on(new RunEvent.Progressed(current.counts().plusRows(0, 0, duplicates)),
                            clock.instant()));
                }
                save(current.on(new RunEvent.StageSucceeded(Stage.DATASET_INGEST), clock.instant()));
                if (profiles && current.isDryRun()) {
                    countProfiles();
                } else if (profiles) {
                    writeProfiles();
                }
            } catch (Stopped stopped) {
                stopped.failure.ifPresent(this::fail);
            } catch (IllegalRunTransition bug) {
                // the engine asked its own last stored state for a step it does not allow: no store or source did
                // this, so it is a bug, told as one, and the run ends failed rather than wait for its lease
                LOG.log(System.Logger.Level.ERROR, "run " + current.id() + " of audience " + current.audienceId()
                        + " stopped on a bug in the run state machine", bug);
                fail(new RunFailure(RunFailure.Cause.DEPENDENCY,
                        "the run stopped on an internal failure (" + bug.getClass().getSimpleName() + ")"));
            } catch (RuntimeException unexpected) {
                if (audienceDeleted()) {
                    // deleting an audience drops its staging under a running run: that is not a fault
                    LOG.log(System.Logger.Level.INFO, "run {0} stopped: its audience was deleted while it ran",
                            current.id());
                    return;
                }
                if (unexpected instanceof DomainException failed
                        && failed.error() instanceof DomainError.DependencyFailed dependency) {
                    LOG.log(System.Logger.Level.WARNING, "run {0} of audience {1} stopped: {2}", current.id(),
                            current.audienceId(), dependency.detail());
                    fail(new RunFailure(RunFailure.Cause.DEPENDENCY, "the run stopped because the "
                            + dependency.dependency() + " failed: " + dependency.explanation()));
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "run " + current.id() + " of audience " + current.audienceId()
                        + " stopped on an internal failure", unexpected);
                fail(new RunFailure(RunFailure.Cause.DEPENDENCY,
                        "the run stopped on an internal failure (" + unexpected.getClass().getSimpleName() + ")"));
            }
        }

        private boolean audienceDeleted() {
            try {
                return audiences.find(current.scope(), current.audienceId()).isEmpty();
            } catch (RuntimeException storeUnreachable) {
                return false;
            }
        }

        private void readDataset() throws Stopped {
            List<SourceFile> selected = selectFiles();
            save(current.on(new RunEvent.Progressed(current.counts().withFiles(selected.size())), clock.instant()));
            for (SourceFile file : selected) {
                readFile(file);
            }
            stageUnstaged();
        }

        private List<SourceFile> selectFiles() throws Stopped {
            try {
                return files.list(current.scope(), audience.sourceSpec()).stream()
                        .filter(file -> current.window().selects(file.modifiedAt(), current.created().at()))
                        .sorted(Comparator.comparing(SourceFile::path))
                        .toList();
            } catch (SourceException unreadable) {
                throw failure(unreadable);
            }
        }

        private void readFile(SourceFile file) throws Stopped {
            try (RecordStream rows = files.open(current.scope(), audience.sourceSpec(), file)) {
                fileBytesCounted = 0;
                told(1, 0, 0);
                // a file rewritten since its listing would be read as the listing's: fail before a row of it counts
                requireUnchanged(file, rows, "after it was listed");
                RowRules.Result header = RowRules.forHeader(audience.fields(), rows.header(),
                        identityRules.of(audience.identityHandling()));
                if (header instanceof RowRules.Result.MissingColumn missing) {
                    throw Stopped.failed(RunFailure.Cause.SOURCE_DATA, "column '" + missing.field().value()
                            + "' is missing from " + file.path());
                }
                RowRules rules = ((RowRules.Result.Ready) header).rules();
                Batch batch = new Batch();
                Optional<SourceRecord> record;
                while ((record = next(file, rows)).isPresent()) {
                    RowOutcome outcome = rules.apply(record.get());
                    if (outcome instanceof RowOutcome.Accepted accepted) {
                        batch.accept(accepted.members());
                        batch.normalised += accepted.normalised();
                    } else {
                        RowOutcome.Rejected rejected = (RowOutcome.Rejected) outcome;
                        batch.reject(new RejectedRow(file.path(), record.get().line(), rejected.part(),
                                rejected.reason()));
                        if (rejected.by() == RowOutcome.RejectedBy.NAMESPACE_RULE) {
                            batch.refusedByNamespace++;
                        }
                    }
                    if (batch.rows == BATCH_SIZE) {
                        flush(batch, rows);
                        batch = new Batch();
                    }
                }
                // a file truncated or rewritten under the reading ends as a well-formed CSV of the wrong rows (half
                // of them, or a mix of two versions): only the file's metadata can tell, and it must, before the
                // merge, or a full run replaces the membership with them
                requireUnchanged(file, rows, "while it was read");
                for (ReadNotice notice : rows.notices()) {
                    batch.notice(file, notice);
                }
                flush(batch, rows);
            } catch (SourceException unreadable) {
                throw failure(unreadable);
            }
        }

        /** The next row; a file that cannot be read further because it changed fails the run naming the change. */
        private Optional<SourceRecord> next(SourceFile file, RecordStream rows) throws Stopped, SourceException {
            try {
                return rows.next();
            } catch (SourceException unreadable) {
                // a gzip file cut under the reading ends "unexpectedly": the cut is the cause worth naming
                FileState state;
                try {
                    state = rows.state();
                } catch (SourceException unknown) {
                    throw unreadable;
                }
                if (!(state instanceof FileState.Unchanged)) {
                    throw changed(file, state, "while it was read");
                }
                throw unreadable;
            }
        }

        private void requireUnchanged(SourceFile file, RecordStream rows, String when)
                throws Stopped, SourceException {
            FileState state = rows.state();
            if (!(state instanceof FileState.Unchanged)) {
                throw changed(file, state, when);
            }
        }

        /**
         * Adds a batch to what waits to be staged (handed to the staging thread once as many wait as the store takes
         * best in one write), advances the counts a caller can poll (the batch's rows, and the bytes of {@code from}
         * read since the last flush), and checks the run is still held.
         */
        private void flush(Batch batch, RecordStream from) throws Stopped {
            unstaged.addAll(batch.staged);
            for (StagedMember member : batch.staged) {
                unstagedValues += member.attributes().size();
            }
            if (unstaged.size() >= membersPerWrite || unstagedValues >= STAGED_VALUES) {
                stageUnstaged();
            }
            long bytes = Math.max(0, from.bytesRead() - fileBytesCounted);
            fileBytesCounted += bytes;
            told(0, bytes, batch.rows);
            RunCounts counts = current.counts().plusBytes(bytes).plusRows(batch.rows,
                    batch.rejections.size() + batch.rejectedBeyondSamples, 0)
                    .plusIdentities(new IdentityMatches(batch.normalised, batch.refusedByNamespace));
            List<RejectedRow> samples = new ArrayList<>(batch.rejections);
            samples.addAll(batch.notices);
            save(current.on(new RunEvent.Progressed(counts, samples), clock.instant()));
            requireHeld();
        }

        /** Hands what waits to be staged to the staging thread, in the order it was read. */
        private void stageUnstaged() {
            if (unstaged.isEmpty()) {
                return;
            }
            IngestionRun run = current;
            List<StagedMember> rows = unstaged;
            staging.write(() -> stagedMembers.stage(run.scope(), run.audienceId(), run.id(), rows));
            unstaged = new ArrayList<>();
            unstagedValues = 0;
        }

        /** What this run read, told to the counters of its audience's cloud type; never fails the run. */
        private void told(long objects, long bytes, long rows) {
            if (objects == 0 && bytes == 0 && rows == 0) {
                return;
            }
            try {
                reads.read(audience.sourceSpec().cloudType(), objects, bytes, rows);
            } catch (RuntimeException ignored) {
                // counters an operator reads are no reason to stop a run
                LOG.log(System.Logger.Level.DEBUG, "counting what run {0} read failed: {1}", current.id(), ignored);
            }
        }

        private void writeProfiles() throws Stopped {
            save(current.on(new RunEvent.StageStarted(Stage.PROFILE_STORE_INGEST), clock.instant()));
            requireHeld();
            // the audience's TTL of this moment decides which existing members still count as live
            Audience now = audiences.find(current.scope(), current.audienceId()).orElseThrow(Stopped::lost);
            if (now.identityHandling().storage() != audience.identityHandling().storage()) {
                // what was staged is in the form of the storage the run began with: merged, no lookup would find it
                throw Stopped.failed(RunFailure.Cause.SOURCE_DATA, "the audience's hashedAtRest changed while the run"
                        + " read its files; the run read nothing into the members: start it again");
            }
            Instant ingestedAt = clock.instant();
            IngestionRun before = current;
            AtomicReference<IngestionRun> finished = new AtomicReference<>();
            // the members and the run's success commit together: after any crash, the run reads SUCCESS if and only
            // if its members are in; a run failed meanwhile elsewhere (its lease lost) or deleted merges nothing
            StagedMembers.Finish finish = stagedMembers.mergeAndFinish(before.scope(), before.audienceId(), before.id(),
                    before.mode(), ingestedAt, now.expiryCutoff(ingestedAt), this::merged, outcome -> {
                        Instant at = clock.instant();
                        // on the latest state saved: the merge's progress saves came after before
                        IngestionRun done = current.on(new RunEvent.Progressed(current.counts()
                                .plusRows(0, 0, outcome.duplicates())
                                .withMembers(outcome.added(), outcome.updated(), outcome.removed())
                                .withMembersWritten(outcome.added() + outcome.updated())
                                .plusIdentities(IdentityMatches.collapsed(outcome.collapsed()))), at)
                                .on(new RunEvent.StageSucceeded(Stage.PROFILE_STORE_INGEST), at);
                        finished.set(done);
                        return done;
                    });
            if (finish instanceof StagedMembers.Finish.NotFinished) {
                throw Stopped.lost();
            }
            stagingConsumed = true;
            current = finished.get();
            if (before.mode() == IngestionMode.FULL) {
                // after the success is stored, not before: the run's caller never waits on the old rows going
                afterFullRun.membershipReplaced(before.scope(), before.audienceId());
            }
        }

        /**
         * Saves how many members the merge has written so far, for a caller polling the run. A save that fails loses
         * that progress, never the merge: the merge's own outcome is what has to be stored. A run that has ended or
         * is gone meanwhile stops the merge, which then merges nothing.
         */
        private IngestionRuns.RunWrite merged(long written) {
            IngestionRun next = current.on(new RunEvent.Progressed(current.counts().withMembersWritten(written),
                    List.of()), clock.instant());
            IngestionRuns.RunWrite stored;
            try {
                stored = runs.update(next);
            } catch (RuntimeException unsaved) {
                LOG.log(System.Logger.Level.WARNING, "the merge progress of run {0} could not be saved: {1}",
                        current.id(), unsaved.toString());
                return IngestionRuns.RunWrite.WRITTEN;
            }
            if (stored == IngestionRuns.RunWrite.WRITTEN) {
                current = next;
            }
            return stored;
        }

        /**
         * A dry run's profile stage: counts what the merge would add, update, remove and collapse, as of now, and ends
         * the run with those counts, changing no member (nor anything a merge touches: TTLs, generations, what a full
         * run would leave to housekeeping). Its staging goes as any run's does when it ends without merging.
         */
        private void countProfiles() throws Stopped {
            save(current.on(new RunEvent.StageStarted(Stage.PROFILE_STORE_INGEST), clock.instant()));
            requireHeld();
            Audience now = audiences.find(current.scope(), current.audienceId()).orElseThrow(Stopped::lost);
            Instant countedAt = clock.instant();
            MergeOutcome wouldDo = stagedMembers.preview(current.scope(), current.audienceId(), current.id(),
                    current.mode(), now.expiryCutoff(countedAt));
            Instant at = clock.instant();
            save(current.on(new RunEvent.Progressed(current.counts().plusRows(0, 0, wouldDo.duplicates())
                            .withMembers(wouldDo.added(), wouldDo.updated(), wouldDo.removed())
                            .plusIdentities(IdentityMatches.collapsed(wouldDo.collapsed()))), at)
                    .on(new RunEvent.StageSucceeded(Stage.PROFILE_STORE_INGEST), at));
        }

        private void discardStaging() {
            try {
                stagedMembers.discard(current.scope(), current.audienceId(), current.id());
            } catch (RuntimeException unreachable) {
                // staging left behind goes with the audience when it is deleted; the run's outcome matters more
                LOG.log(System.Logger.Level.WARNING, "the staging of run " + current.id() + " could not be dropped",
                        unreachable);
            }
        }

        private void fail(RunFailure failure) {
            if (!current.isInProgress()) {
                return;
            }
            Stage failing = current.stage(Stage.PROFILE_STORE_INGEST).status() == StageStatus.PROCESSING
                    ? Stage.PROFILE_STORE_INGEST : Stage.DATASET_INGEST;
            RunEvent event = current.stage(failing).status() == StageStatus.PROCESSING
                    ? new RunEvent.StageFailed(failing, failure) : new RunEvent.Abandoned(failure);
            IngestionRun failed = current.on(event, clock.instant());
            // The store that failed the run may be the one that must save its outcome (a database outage): try again
            // as it comes back, rather than leave the run processing until its lease lapses and it reads as
            // interrupted. Bounded: a store that stays away leaves the run to the lease sweeper after all.
            // ALREADY_ENDED or GONE: another worker, the lease sweeper or a deletion ended it first; that stands
            boolean saved = outcomeRetry.retry(() -> runs.update(failed));
            if (saved) {
                current = failed;
            } else {
                LOG.log(System.Logger.Level.WARNING, "the failure of run {0} could not be saved; it is left to its"
                        + " lease: {1}", current.id(), failure.reason());
            }
        }

        private void requireHeld() throws Stopped {
            if (!claim.held()) {
                throw Stopped.lost();
            }
        }

        private void save(IngestionRun next) throws Stopped {
            boolean stored = switch (runs.update(next)) {
                case WRITTEN -> true;
                // another node failed it (its lease lost), or it went with its audience
                case ALREADY_ENDED, GONE -> false;
            };
            if (!stored) {
                throw Stopped.lost();
            }
            current = next;
        }
    }

    /** The failure of a run that read a file that changed: naming the file and what changed in it. */
    private static Stopped changed(SourceFile file, FileState state, String when) {
        String what;
        if (state instanceof FileState.Changed changed) {
            what = "file '" + file.path() + "' changed " + when + " ("
                    + String.join(", ", changed.differences().stream().map(IngestionEngine::describe).toList()) + ")";
        } else if (state instanceof FileState.Gone) {
            what = "file '" + file.path() + "' was deleted " + when;
        } else {
            throw new IllegalArgumentException("the file did not change");
        }
        return Stopped.failed(RunFailure.Cause.SOURCE_DATA, what + "; the run read nothing into the members");
    }

    private static String describe(FileState.Difference difference) {
        if (difference instanceof FileState.Difference.Size size) {
            String listed = bytes(size.listedBytes());
            String now = bytes(size.nowBytes());
            // rounded sizes that read alike would hide the change they report
            return listed.equals(now) ? "size " + size.listedBytes() + " bytes -> " + size.nowBytes() + " bytes"
                    : "size " + listed + " -> " + now;
        }
        if (difference instanceof FileState.Difference.Modified modified) {
            return "modified " + modified.listed() + " -> " + modified.now();
        }
        FileState.Difference.Version version = (FileState.Difference.Version) difference;
        return "version " + version.listed() + " -> " + version.now();
    }

    private static String bytes(long bytes) {
        if (bytes < 10_000) {
            return bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes / 1000.0;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        // one decimal below 100 of a unit: 5.6 MB cut to 1.0 MB should not read as 6 MB -> 1 MB
        return (value < 100 ? String.format(java.util.Locale.ROOT, "%.1f", value) : Long.toString(Math.round(value)))
                + " " + units[unit];
    }

    private static Stopped failure(SourceException failure) {
        RunFailure.Cause cause = failure.kind() == SourceException.Kind.STORAGE_FAILURE
                ? RunFailure.Cause.DEPENDENCY : RunFailure.Cause.SOURCE_DATA;
        return Stopped.failed(cause, failure.getMessage());
    }

    /** The rows read since the last flush. */
    private static final class Batch {
        final List<StagedMember> staged = new ArrayList<>();
        final List<RejectedRow> rejections = new ArrayList<>();
        final List<RejectedRow> notices = new ArrayList<>();
        long rejectedBeyondSamples;
        int rows;
        long normalised;
        long refusedByNamespace;

        /**
         * A notice goes among the run's errors, as an entry naming its file and line, but the row it names is kept
         * and not counted as rejected: a last line without its line end is what many writers produce for a whole
         * file, and a value cut short is still a valid value, so dropping the row would lose good rows from every
         * such file while catching no cut for sure; the entry tells the user which line to look at.
         */
        void notice(SourceFile file, ReadNotice notice) {
            ReadNotice.UnterminatedLastLine last = (ReadNotice.UnterminatedLastLine) notice; // the only kind yet
            notices.add(new RejectedRow(file.path(), last.line(), RowPart.WHOLE_ROW,
                    "the last line (line " + last.line() + ") has no line end: it may be incomplete"));
        }

        void accept(List<StagedMember> members) {
            staged.addAll(members);
            rows++;
        }

        void reject(RejectedRow row) {
            // every rejected row counts; samples beyond what a run keeps are counted, not carried
            if (rejections.size() < RejectedRow.MAX_SAMPLES) {
                rejections.add(row);
            } else {
                rejectedBeyondSamples++;
            }
            rows++;
        }
    }
}
