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
import dev.extaudiences.core.port.in.CancelRunUseCase;
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
import dev.extaudiences.core.port.in.UploadLandingFileUseCase;
import dev.extaudiences.core.port.out.Connections;
import dev.extaudiences.core.port.out.Ids;
import dev.extaudiences.core.port.out.LandingUploads;
import dev.extaudiences.core.port.out.SourceFiles;
import dev.extaudiences.core.port.out.SourceReads;
import dev.extaudiences.core.port.out.WebhookBodies;
import dev.extaudiences.core.port.out.WebhookSender;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunsByStatus;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.run.WorkerPresence;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.service.AudienceCreationService;
import dev.extaudiences.core.service.AudienceManagementService;
import dev.extaudiences.core.service.BackgroundWork;
import dev.extaudiences.core.service.EndAnnouncer;
import dev.extaudiences.core.service.LandingUploadService;
import dev.extaudiences.core.service.Backoff;
import dev.extaudiences.core.service.IdempotencyService;
import dev.extaudiences.core.service.MemberLookupService;
import dev.extaudiences.core.service.RunObservationService;
import dev.extaudiences.core.service.RunCancellationService;
import dev.extaudiences.core.service.RunQuotaService;
import dev.extaudiences.core.service.RunEndLog;
import dev.extaudiences.core.service.RunService;
import dev.extaudiences.core.service.WebhookDispatcher;
import dev.extaudiences.core.service.WebhookPublisher;
import dev.extaudiences.core.service.WebhookSubscriptionService;
import dev.extaudiences.core.webhook.RetrySchedule;
import dev.extaudiences.core.service.WorkerMode;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.upload.LandingUpload;
import dev.extaudiences.core.upload.UploadLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The whole domain behind one object, for a service that embeds it. Build it over the stores of one adapter; every
 * other collaborator has a sensible default:
 *
 * <pre>{@code
 * ExternalAudiences audiences = ExternalAudiences.builder(InMemoryStores.create()).build();
 * }</pre>
 *
 * It only assembles: each use case is implemented by a service of {@code core.service}, reachable one by one through
 * {@link #useCases()}, and the threads are the {@link BackgroundWork}'s, which {@link #close()} stops.
 */
public final class ExternalAudiences implements CreateAudienceUseCase, GetOperationUseCase, GetAudienceUseCase,
        ListAudiencesUseCase, UpdateAudienceUseCase, DeleteAudienceUseCase, StartRunUseCase, GetRunUseCase,
        ListRunsUseCase, CancelRunUseCase, LookUpMembersUseCase, ObserveRunsUseCase, ObserveWorkersUseCase,
        UploadLandingFileUseCase, AutoCloseable {

    private final BackgroundWork background;
    private final AudienceCreationService creation;
    private final UseCases useCases;
    private final Optional<Webhooking> webhooks;

    private ExternalAudiences(Builder builder) {
        Clock clock = builder.clock;
        this.webhooks = builder.webhooks.map(parts -> parts.wire(builder.ids, clock));
        // every store write that ends a run or an operation is announced to the subscribers, whichever service made
        // it, and every run's end is logged with what it did: an operator sees runs end without polling for them
        Consumer<IngestionRun> runEnded = new RunEndLog()::ended;
        Consumer<Operation> operationEnded = operation -> { };
        if (webhooks.isPresent()) {
            WebhookPublisher publisher = webhooks.get().publisher();
            runEnded = runEnded.andThen(publisher::runEnded);
            operationEnded = publisher::operationEnded;
        }
        Stores stores = EndAnnouncer.announcing(builder.stores, operationEnded, runEnded);
        this.background = new BackgroundWork(stores, builder.sourceFiles, clock, builder.runLease,
                builder.outcomeRetry.orElseGet(() -> Backoff.upTo(builder.runLease)), builder.completions,
                builder.housekeeping, builder.sourceReads, builder.identityRules);
        this.creation = new AudienceCreationService(stores.audiences(), stores.operations(), builder.connections,
                builder.ids, clock, background.completions());
        var management = new AudienceManagementService(stores.audiences(), stores.runs(), stores.stagedMembers(),
                stores.members(), clock);
        var runs = new RunService(stores.audiences(), stores.runs(), builder.guardrails, builder.ids, clock,
                builder.sourceFiles, background::runStarted);
        var members = new MemberLookupService(stores.audiences(), stores.members(), clock, builder.identityRules);
        var observation = new RunObservationService(stores.runs(), clock, builder.runLease);
        var cancellation = new RunCancellationService(stores.audiences(), stores.runs(), clock);
        var uploads = new LandingUploadService(stores.audiences(), builder.landingUploads, builder.uploadLimit);
        var quotas = new RunQuotaService(stores.audiences(), stores.runs(), builder.guardrails, clock);
        var idempotency = new IdempotencyService(stores.idempotencyKeys(), builder.ids, clock,
                builder.idempotencyWindow, builder.runLease);
        this.useCases = new UseCases(creation, creation, management, management, management, management, runs, runs,
                runs, cancellation, members, observation, observation, uploads, quotas, idempotency);
    }

    public static Builder builder(Stores stores) {
        return new Builder(stores);
    }

    /** The webhook use cases, when the domain was built {@linkplain Builder#webhooks with webhooks}. */
    public Optional<WebhookUseCases> webhookUseCases() {
        return webhooks.map(Webhooking::useCases);
    }

    /**
     * Sends, on the calling thread, every webhook delivery due now (in order per audience); answers how many attempts
     * it made. For tests and embedding services that schedule work themselves.
     */
    public int deliverDueWebhooks() {
        return webhooks.map(hooks -> hooks.dispatcher().deliverDue()).orElse(0);
    }

    /** Each use case by its own interface, implemented by its service: what a driving adapter is given. */
    public UseCases useCases() {
        return useCases;
    }

    @Override
    public Operation create(Caller caller, NewAudience request) {
        return useCases.create().create(caller, request);
    }

    @Override
    public Operation operation(TenantScope scope, OperationId id) {
        return useCases.operations().operation(scope, id);
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
        return background.executePendingRuns();
    }

    /** Removes expired idempotency keys now; answers how many. An expired key is never answered from in any case. */
    public long sweepExpiredIdempotencyKeys() {
        return background.sweepExpiredIdempotencyKeys();
    }

    /** Removes expired members now; answers how many. Expired members are never returned in any case. */
    public long sweepExpiredMembers() {
        return background.sweepExpiredMembers();
    }

    /**
     * Starts executing runs in the background on {@code workerThreads} threads (polling every {@code pollInterval},
     * and at once when a run is started here), and sweeping expired members every {@code sweepInterval}. Call it on
     * every node, with zero threads on a node that executes no runs: every node fails runs whose node died (their
     * lease lapsed), and sweeps.
     */
    public void startBackgroundWork(int workerThreads, Duration pollInterval, Duration sweepInterval) {
        background.start(WorkerMode.of(workerThreads), pollInterval, sweepInterval);
        webhooks.ifPresent(hooks -> hooks.dispatcher().start(pollInterval));
    }

    @Override
    public Audience audience(TenantScope scope, AudienceId id) {
        return useCases.audience().audience(scope, id);
    }

    @Override
    public Page<Audience> audiences(TenantScope scope, PageRequest page) {
        return useCases.audiences().audiences(scope, page);
    }

    @Override
    public Audience update(Caller caller, AudienceId id, AudiencePatch patch) {
        return useCases.update().update(caller, id, patch);
    }

    @Override
    public void delete(TenantScope scope, AudienceId id) {
        useCases.delete().delete(scope, id);
    }

    @Override
    public IngestionRun start(Caller caller, AudienceId audienceId, RunRequest request) {
        return useCases.startRun().start(caller, audienceId, request);
    }

    @Override
    public IngestionRun run(TenantScope scope, AudienceId audienceId, RunId runId) {
        return useCases.run().run(scope, audienceId, runId);
    }

    @Override
    public Page<IngestionRun> runs(TenantScope scope, AudienceId audienceId, RunQuery query) {
        return useCases.runs().runs(scope, audienceId, query);
    }

    @Override
    public IngestionRun cancel(Caller caller, AudienceId audienceId, RunId runId) {
        return useCases.cancelRun().cancel(caller, audienceId, runId);
    }

    @Override
    public RunsByStatus runsByStatus() {
        return useCases.observeRuns().runsByStatus();
    }

    @Override
    public WorkerPresence workerPresence() {
        return useCases.observeWorkers().workerPresence();
    }

    @Override
    public Page<Member> members(TenantScope scope, AudienceId audienceId, PageRequest page) {
        return useCases.members().members(scope, audienceId, page);
    }

    @Override
    public Optional<Member> member(TenantScope scope, AudienceId audienceId, Identity identity) {
        return useCases.members().member(scope, audienceId, identity);
    }

    @Override
    public List<Member> memberships(TenantScope scope, Identity identity) {
        return useCases.members().memberships(scope, identity);
    }

    @Override
    public SourceFile upload(Caller caller, AudienceId audienceId, LandingUpload upload) {
        return useCases.upload().upload(caller, audienceId, upload);
    }

    @Override
    public UploadLimit limit() {
        return useCases.upload().limit();
    }

    /**
     * Stops the background work: lets accepted create operations finish (up to a few seconds), ends the removal of
     * replaced members after its batch in flight, then stops the threads it started.
     */
    @Override
    public void close() {
        background.close();
        // after the runs: a run ending as they stop still puts its event in the outbox, sent after a restart
        webhooks.ifPresent(hooks -> hooks.dispatcher().close());
    }

    /** The webhook parts as the builder was given them. */
    private record WebhookParts(WebhookStores stores, WebhookBodies bodies, WebhookSender sender,
                                RetrySchedule retries, Duration lease, int senders) {

        Webhooking wire(Ids ids, Clock clock) {
            var dispatcher = new WebhookDispatcher(stores.webhooks(), stores.deliveries(), sender, retries, clock,
                    lease, senders);
            // the outbox write waits out a short store outage on the thread that ended the run, never longer
            var publisher = new WebhookPublisher(stores.webhooks(), stores.deliveries(), bodies, ids, clock,
                    Backoff.upTo(Duration.ofSeconds(30)), dispatcher::wake);
            var subscriptions = new WebhookSubscriptionService(stores.webhooks(), stores.deliveries(), ids, clock);
            return new Webhooking(publisher, dispatcher, new WebhookUseCases(subscriptions, subscriptions,
                    subscriptions, subscriptions));
        }
    }

    /** The webhook parts, wired. */
    private record Webhooking(WebhookPublisher publisher, WebhookDispatcher dispatcher, WebhookUseCases useCases) {
    }

    /** Collects the collaborators; everything but the stores has a default. */
    public static final class Builder {
        private final Stores stores;
        private Clock clock = Clock.systemUTC();
        private Ids ids = Ids.random();
        private RunGuardrails guardrails = RunGuardrails.DEFAULTS;
        private Connections connections = id -> Optional.empty();
        private SourceFiles sourceFiles = SourceFiles.none();
        private SourceReads sourceReads = SourceReads.none();
        private LandingUploads landingUploads = LandingUploads.none();
        private UploadLimit uploadLimit = UploadLimit.DEFAULT;
        private Duration runLease = Duration.ofMinutes(2);
        private Optional<Executor> completions = Optional.empty();
        private Optional<Backoff> outcomeRetry = Optional.empty();
        private Optional<Executor> housekeeping = Optional.empty();
        private Duration idempotencyWindow = Duration.ofHours(24);
        private IdentityRules identityRules = IdentityRules.defaults();
        private Optional<WebhookParts> webhooks = Optional.empty();
        private RetrySchedule webhookRetries = RetrySchedule.DEFAULT;

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

        /** Told what runs read from their storages, per cloud type (an operator's counters). Default: nothing. */
        public Builder sourceReads(SourceReads sourceReads) {
            this.sourceReads = Objects.requireNonNull(sourceReads, "sourceReads");
            return this;
        }

        /**
         * Where files uploaded for DLZ audiences are written: the landing zone that {@link #sourceFiles} reads.
         * Default: nowhere (every upload fails saying so).
         */
        public Builder landingUploads(LandingUploads landingUploads) {
            this.landingUploads = Objects.requireNonNull(landingUploads, "landingUploads");
            return this;
        }

        /** The most bytes one upload may hold. Default: {@link UploadLimit#DEFAULT}, 64 MiB. */
        public Builder uploadLimit(UploadLimit uploadLimit) {
            this.uploadLimit = Objects.requireNonNull(uploadLimit, "uploadLimit");
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
            this.outcomeRetry = Optional.of(Objects.requireNonNull(backoff, "backoff"));
            return this;
        }

        /**
         * Where create operations are completed after {@code create} returns. Default: two daemon threads of the built
         * object's background work, stopped by its {@code close}. Pass {@code Runnable::run} to complete them before
         * {@code create} returns.
         */
        public Builder completeOperationsOn(Executor executor) {
            this.completions = Optional.of(Objects.requireNonNull(executor, "executor"));
            return this;
        }

        /**
         * Where the members a full run replaced are removed once it has succeeded, a batch per transaction. Default:
         * one daemon thread of the built object's background work, stopped by its {@code close}. Pass
         * {@code Runnable::run} to remove them on the run's worker before it takes its next run.
         */
        public Builder housekeepOn(Executor executor) {
            this.housekeeping = Optional.of(Objects.requireNonNull(executor, "executor"));
            return this;
        }

        /**
         * How long an idempotency key answers its first reply again, from its first use; expired keys are removed in
         * the background. Default: 24 hours.
         */
        public Builder idempotencyWindow(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the idempotency window must be positive, was " + window);
            }
            this.idempotencyWindow = window;
            return this;
        }

        /**
         * How each identity namespace's values are normalised, where runs read them and where lookups ask for them.
         * Default: {@link IdentityRules#defaults()} (email lower-cased, {@code *_sha256} checked as hashes, phone
         * numbers in E.164 read only when written with their country code: give libphonenumber's
         * {@code LibPhoneNumbers} through {@link IdentityRules#withPhoneNumbers} to read national numbers).
         */
        public Builder identityRules(IdentityRules rules) {
            this.identityRules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /**
         * Tells subscribers when operations and runs end: subscriptions and the outbox in {@code stores}, each event
         * written by {@code bodies} and posted by {@code sender} on {@code senders} threads of the built object's own
         * (stopped by its {@code close}), claimed for {@code lease} at a time. Default: no webhooks.
         */
        public Builder webhooks(WebhookStores stores, WebhookBodies bodies, WebhookSender sender, Duration lease,
                                int senders) {
            this.webhooks = Optional.of(new WebhookParts(Objects.requireNonNull(stores, "stores"),
                    Objects.requireNonNull(bodies, "bodies"), Objects.requireNonNull(sender, "sender"),
                    webhookRetries, Objects.requireNonNull(lease, "lease"), senders));
            return this;
        }

        /** When failed webhook deliveries are tried again. Default: {@link RetrySchedule#DEFAULT}. */
        public Builder webhookRetries(RetrySchedule retries) {
            this.webhookRetries = Objects.requireNonNull(retries, "retries");
            this.webhooks = webhooks.map(parts -> new WebhookParts(parts.stores(), parts.bodies(), parts.sender(),
                    retries, parts.lease(), parts.senders()));
            return this;
        }

        public ExternalAudiences build() {
            return new ExternalAudiences(this);
        }
    }
}
