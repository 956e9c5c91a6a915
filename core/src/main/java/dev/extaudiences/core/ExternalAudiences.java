package dev.extaudiences.core;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudiencePatch;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.in.CreateAudienceUseCase;
import dev.extaudiences.core.port.in.DeleteAudienceUseCase;
import dev.extaudiences.core.port.in.GetAudienceUseCase;
import dev.extaudiences.core.port.in.GetOperationUseCase;
import dev.extaudiences.core.port.in.GetRunUseCase;
import dev.extaudiences.core.port.in.ListAudiencesUseCase;
import dev.extaudiences.core.port.in.ListRunsUseCase;
import dev.extaudiences.core.port.in.LookUpMembersUseCase;
import dev.extaudiences.core.port.in.ObserveRunsUseCase;
import dev.extaudiences.core.port.in.ObserveWorkersUseCase;
import dev.extaudiences.core.port.in.StartRunUseCase;
import dev.extaudiences.core.port.in.UpdateAudienceUseCase;
import dev.extaudiences.core.port.out.Connections;
import dev.extaudiences.core.port.out.Ids;
import dev.extaudiences.core.port.out.SourceFiles;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunsByStatus;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.run.WorkerPresence;
import dev.extaudiences.core.service.AudienceCreationService;
import dev.extaudiences.core.service.AudienceManagementService;
import dev.extaudiences.core.service.Backoff;
import dev.extaudiences.core.service.ExpirySweeper;
import dev.extaudiences.core.service.IngestionEngine;
import dev.extaudiences.core.service.MemberHousekeeping;
import dev.extaudiences.core.service.MemberLookupService;
import dev.extaudiences.core.service.RunObservationService;
import dev.extaudiences.core.service.RunService;
import dev.extaudiences.core.service.RunWorkers;
import dev.extaudiences.core.service.WorkerMode;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole domain behind one object, for a service that embeds it. Build it over the stores of one adapter; every
 * other collaborator has a sensible default:
 *
 * <pre>{@code
 * ExternalAudiences audiences = ExternalAudiences.builder(InMemoryStores.create()).build();
 * }</pre>
 */
public final class ExternalAudiences implements CreateAudienceUseCase, GetOperationUseCase, GetAudienceUseCase,
        ListAudiencesUseCase, UpdateAudienceUseCase, DeleteAudienceUseCase, StartRunUseCase, GetRunUseCase,
        ListRunsUseCase, LookUpMembersUseCase, ObserveRunsUseCase, ObserveWorkersUseCase, AutoCloseable {

    private final AudienceCreationService creation;
    private final AudienceManagementService management;
    private final RunService runs;
    private final MemberLookupService members;
    private final RunObservationService observation;
    private final RunWorkers workers;
    private final ExpirySweeper sweeper;
    private final Optional<ExecutorService> ownedExecutor;
    private final MemberHousekeeping housekeeping;
    private final Optional<ExecutorService> ownedHousekeeping;
    private final ScheduledExecutorService sweeps = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "expiry-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    private ExternalAudiences(Builder builder) {
        Stores stores = builder.stores;
        ownedExecutor = builder.completions == null ? Optional.of(newCompletionExecutor()) : Optional.empty();
        this.creation = new AudienceCreationService(stores.audiences(), stores.operations(), builder.connections,
                builder.ids, builder.clock, ownedExecutor.<Executor>map(owned -> owned).orElse(builder.completions));
        this.management = new AudienceManagementService(stores.audiences(), stores.runs(), stores.stagedMembers(),
                stores.members(), builder.clock);
        ownedHousekeeping = builder.housekeeping == null ? Optional.of(newHousekeepingExecutor()) : Optional.empty();
        this.housekeeping = new MemberHousekeeping(stores.members(),
                ownedHousekeeping.<Executor>map(owned -> owned).orElse(builder.housekeeping),
                MemberHousekeeping.BATCH_SIZE);
        IngestionEngine engine = new IngestionEngine(stores.audiences(), stores.runs(), stores.stagedMembers(),
                builder.sourceFiles, builder.clock,
                builder.outcomeRetry != null ? builder.outcomeRetry : Backoff.upTo(builder.runLease), housekeeping::afterFullRun);
        this.workers = new RunWorkers(stores.runs(), stores.stagedMembers(), engine, builder.clock, builder.runLease);
        this.runs = new RunService(stores.audiences(), stores.runs(), builder.guardrails, builder.ids, builder.clock,
                builder.sourceFiles, workers::wake);
        this.members = new MemberLookupService(stores.audiences(), stores.members(), builder.clock);
        this.observation = new RunObservationService(stores.runs(), builder.clock, builder.runLease);
        this.sweeper = new ExpirySweeper(stores.audiences(), stores.members(), builder.clock, 1_000);
    }

    public static Builder builder(Stores stores) {
        return new Builder(stores);
    }

    private static ExecutorService newCompletionExecutor() {
        return Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "audience-create");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One thread: removals of replaced members take their turn rather than compete with runs for the database. */
    private static ExecutorService newHousekeepingExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "member-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Operation create(Caller caller, NewAudience request) {
        return creation.create(caller, request);
    }

    @Override
    public Operation operation(TenantScope scope, OperationId id) {
        return creation.operation(scope, id);
    }

    /**
     * Finishes create operations that a previous process accepted but did not end (at most {@code limit}, each at
     * least a minute old); call once at start-up.
     */
    public int completePendingOperations(int limit) {
        return creation.completePending(limit, Duration.ofMinutes(1));
    }

    /**
     * Executes every run waiting to be executed, on the calling thread, and fails runs whose worker stopped; answers
     * how many runs it executed. For tests and for embedding services that schedule work themselves.
     */
    public int executePendingRuns() {
        return workers.drain();
    }

    /** Removes expired members now; answers how many. Expired members are never returned in any case. */
    public long sweepExpiredMembers() {
        return sweeper.sweep();
    }

    /**
     * Starts executing runs in the background on {@code workerThreads} threads (polling every {@code pollInterval},
     * and at once when a run is started here), and sweeping expired members every {@code sweepInterval}. Call it on
     * every node, with zero threads on a node that executes no runs: every node fails runs whose node died (their
     * lease lapsed), and sweeps.
     */
    public void startBackgroundWork(int workerThreads, Duration pollInterval, Duration sweepInterval) {
        workers.start(WorkerMode.of(workerThreads), pollInterval);
        sweeps.scheduleWithFixedDelay(() -> {
            try {
                sweeper.sweep();
            } catch (RuntimeException storeFailure) {
                // the next pass tries again
            }
        }, sweepInterval.toMillis(), sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Audience audience(TenantScope scope, AudienceId id) {
        return management.audience(scope, id);
    }

    @Override
    public Page<Audience> audiences(TenantScope scope, PageRequest page) {
        return management.audiences(scope, page);
    }

    @Override
    public Audience update(Caller caller, AudienceId id, AudiencePatch patch) {
        return management.update(caller, id, patch);
    }

    @Override
    public void delete(TenantScope scope, AudienceId id) {
        management.delete(scope, id);
    }

    @Override
    public IngestionRun start(Caller caller, AudienceId audienceId, RunRequest request) {
        return runs.start(caller, audienceId, request);
    }

    @Override
    public IngestionRun run(TenantScope scope, AudienceId audienceId, RunId runId) {
        return runs.run(scope, audienceId, runId);
    }

    @Override
    public Page<IngestionRun> runs(TenantScope scope, AudienceId audienceId, RunQuery query) {
        return runs.runs(scope, audienceId, query);
    }

    @Override
    public RunsByStatus runsByStatus() {
        return observation.runsByStatus();
    }

    @Override
    public WorkerPresence workerPresence() {
        return observation.workerPresence();
    }

    @Override
    public Page<Member> members(TenantScope scope, AudienceId audienceId, PageRequest page) {
        return members.members(scope, audienceId, page);
    }

    @Override
    public Optional<Member> member(TenantScope scope, AudienceId audienceId, Identity identity) {
        return members.member(scope, audienceId, identity);
    }

    @Override
    public List<Member> memberships(TenantScope scope, Identity identity) {
        return members.memberships(scope, identity);
    }

    /**
     * Lets accepted create operations finish (up to a few seconds), ends the removal of replaced members after its
     * batch in flight, then stops the threads this object started.
     */
    @Override
    public void close() {
        sweeps.shutdownNow();
        workers.close();
        housekeeping.stop();
        ownedHousekeeping.ifPresent(executor -> {
            // not interrupted: an embedded database closes its file under a thread interrupted in the middle of a write
            executor.shutdown();
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        ownedExecutor.ifPresent(executor -> {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Collects the collaborators; everything but the stores has a default. */
    public static final class Builder {
        private final Stores stores;
        private Clock clock = Clock.systemUTC();
        private Ids ids = Ids.random();
        private RunGuardrails guardrails = RunGuardrails.DEFAULTS;
        private Connections connections = id -> Optional.empty();
        private SourceFiles sourceFiles = SourceFiles.none();
        private Duration runLease = Duration.ofMinutes(2);
        private Executor completions;
        private Backoff outcomeRetry;
        private Executor housekeeping;

        private Builder(Stores stores) {
            this.stores = Objects.requireNonNull(stores, "stores");
        }

        /** The only source of time the domain reads (TTL expiry, guardrail days, stamps). Default: system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where new ids come from. Default: random UUIDs. */
        public Builder ids(Ids ids) {
            this.ids = Objects.requireNonNull(ids, "ids");
            return this;
        }

        /** Runs per audience and per sandbox per UTC day. Default: the public service's 10 and 100. */
        public Builder guardrails(RunGuardrails guardrails) {
            this.guardrails = Objects.requireNonNull(guardrails, "guardrails");
            return this;
        }

        /** The storage connections {@code baseConnectionId} can name. Default: none. */
        public Builder connections(Connections connections) {
            this.connections = Objects.requireNonNull(connections, "connections");
            return this;
        }

        /** Where runs read their files from. Default: nowhere (every run is refused as not available). */
        public Builder sourceFiles(SourceFiles sourceFiles) {
            this.sourceFiles = Objects.requireNonNull(sourceFiles, "sourceFiles");
            return this;
        }

        /**
         * How long a worker's claim on a run lasts without renewal. A run whose worker stopped is failed once this
         * has passed. Default: two minutes.
         */
        public Builder runLease(Duration lease) {
            this.runLease = Objects.requireNonNull(lease, "lease");
            return this;
        }

        /**
         * How a failed run's outcome is saved again while the database cannot take it. Default: waits from 200 ms
         * doubling up to 5 s, for at most the run lease in all (then the run is left to its lease).
         */
        public Builder outcomeRetry(Backoff backoff) {
            this.outcomeRetry = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Where create operations are completed after {@code create} returns. Default: two daemon threads owned (and
         * closed) by the built object. Pass {@code Runnable::run} to complete them before {@code create} returns.
         */
        public Builder completeOperationsOn(Executor executor) {
            this.completions = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Where the members a full run replaced are removed once it has succeeded, a batch per transaction. Default:
         * one daemon thread owned (and closed) by the built object. Pass {@code Runnable::run} to remove them on the
         * run's worker before it takes its next run.
         */
        public Builder housekeepOn(Executor executor) {
            this.housekeeping = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public ExternalAudiences build() {
            return new ExternalAudiences(this);
        }
    }
}
