package dev.extaudiences.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudiencePatch;
import dev.extaudiences.core.audience.Description;
import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.audience.Labels;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.audience.Ttl;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Refusal;
import dev.extaudiences.core.error.ResourceKind;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationStatus;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.run.RunStatus;
import dev.extaudiences.core.run.StageStatus;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourcePath;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.MutableClock;
import dev.extaudiences.testkit.source.ScriptedSourceFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The domain's use cases, end to end over a set of stores: what an embedding service relies on. Rule ids: EA-nn.
 * Operations complete on the calling thread here, so that each rule reads as a plain sequence.
 */
public abstract class ExternalAudiencesContract extends StoresContract {

    private static final ConnectionId S3_CONNECTION = new ConnectionId("4f0c3b2e-0d7e-4a51-9d0c-7d9f0e3c1a22");

    private final MutableClock clock = MutableClock.at("2026-03-10T09:30:00Z");
    private final List<ExternalAudiences> built = new ArrayList<>();

    private ExternalAudiences domain(RunGuardrails guardrails, Executor completions) {
        ExternalAudiences domain = ExternalAudiences.builder(stores)
                .clock(clock)
                .guardrails(guardrails)
                .connections(id -> id.equals(S3_CONNECTION) ? Optional.of(new Connection(id, CloudType.S3))
                        : Optional.empty())
                .completeOperationsOn(completions)
                .sourceFiles(new ScriptedSourceFiles())
                .build();
        built.add(domain);
        return domain;
    }

    private ExternalAudiences domain() {
        return domain(RunGuardrails.DEFAULTS, Runnable::run);
    }

    @AfterEach
    void closeDomains() {
        built.forEach(ExternalAudiences::close);
    }

    private static Caller caller(TenantScope scope) {
        return new Caller(scope, new UserId("user@example.com"));
    }

    private static NewAudience request(String name) {
        return NewAudience.minimal(name,
                Fields.of(Field.identity("email", FieldType.STRING, "email"), Field.attribute("tier", FieldType.STRING)),
                SourceSpecRequest.dlz("crm/members.csv", SourceKind.FILE));
    }

    private Audience created(ExternalAudiences domain, Caller caller, NewAudience request) {
        Operation operation = domain.create(caller, request);
        Operation ended = domain.operation(caller.scope(), operation.id());
        assertThat(ended.status()).isInstanceOf(OperationStatus.Succeeded.class);
        return domain.audience(caller.scope(), ended.audienceId().orElseThrow());
    }

    private static DomainError errorOf(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(DomainException.class);
        return ((DomainException) thrown).error();
    }

    /** The business reason a call was refused for; fails when it was refused otherwise, or not at all. */
    private static Refusal refusalOf(Runnable call) {
        DomainError error = errorOf(call);
        assertThat(error).isInstanceOf(DomainError.Unprocessable.class);
        return ((DomainError.Unprocessable) error).reason();
    }

    @Test
    @DisplayName("EA-01: create answers a processing operation at once; it then succeeds with the audience, defaults applied")
    void ea01_createThroughOperation() {
        List<Runnable> deferred = new ArrayList<>();
        ExternalAudiences domain = domain(RunGuardrails.DEFAULTS, deferred::add);
        Caller caller = caller(freshScope());

        Operation accepted = domain.create(caller, request("Loyalty tier gold"));

        assertThat(accepted.status()).isInstanceOf(OperationStatus.Processing.class);
        assertThat(domain.operation(caller.scope(), accepted.id()).isProcessing()).isTrue();
        deferred.forEach(Runnable::run);
        Operation ended = domain.operation(caller.scope(), accepted.id());
        assertThat(ended.status()).isInstanceOf(OperationStatus.Succeeded.class);
        Audience audience = domain.audience(caller.scope(), ended.audienceId().orElseThrow());
        assertThat(audience.name().value()).isEqualTo("Loyalty tier gold");
        assertThat(audience.ttl()).isEqualTo(Ttl.ofDays(30));
        assertThat(audience.sourceSpec().cloudType()).isEqualTo(CloudType.DLZ);
        assertThat(audience.namespace().value()).isEqualTo("CustomerAudienceUpload");
        assertThat(audience.created()).isEqualTo(audience.updated());
        assertThat(audience.created().by()).isEqualTo(caller.user());
    }

    @Test
    @DisplayName("EA-02: a name or custom audience id already used in the scope is refused at once as a Duplicate")
    void ea02_duplicatesRefusedSynchronously() {
        ExternalAudiences domain = domain();
        Caller caller = caller(freshScope());
        created(domain, caller, request("Gold").withCustomAudienceId("crm-gold"));

        assertThat(errorOf(() -> domain.create(caller, request("Gold"))))
                .isEqualTo(new DomainError.Duplicate("name", "Gold"));
        assertThat(errorOf(() -> domain.create(caller, request("Silver").withCustomAudienceId("crm-gold"))))
                .isEqualTo(new DomainError.Duplicate("customAudienceId", "crm-gold"));
        created(domain, caller(freshScope()), request("Gold").withCustomAudienceId("crm-gold"));
    }

    @Test
    @DisplayName("EA-03: without cloudType, the named connection decides it; an unknown connection fails the operation")
    void ea03_sourceResolvedAfterAccepting() {
        ExternalAudiences domain = domain();
        Caller caller = caller(freshScope());
        SourceSpecRequest viaConnection = new SourceSpecRequest(new SourcePath("crm/gold/members.csv"), SourceKind.FILE,
                Optional.empty(), Optional.empty(), Optional.of(S3_CONNECTION));
        SourceSpecRequest viaUnknown = new SourceSpecRequest(new SourcePath("crm/gold/members.csv"), SourceKind.FILE,
                Optional.empty(), Optional.empty(), Optional.of(new ConnectionId("nope")));

        Audience connected = created(domain, caller, request("Connected").withSourceSpec(viaConnection));
        Operation failed = domain.create(caller, request("Unconnected").withSourceSpec(viaUnknown));

        assertThat(connected.sourceSpec().cloudType()).isEqualTo(CloudType.S3);
        assertThat(domain.operation(caller.scope(), failed.id()).status())
                .isInstanceOfSatisfying(OperationStatus.Failed.class,
                        status -> assertThat(status.reason()).contains("nope"));
        assertThat(domain.audiences(caller.scope(), PageRequest.first(10)).totalCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("EA-04: a patch replaces what it names and moves nothing else but the update stamp")
    void ea04_patchReplaces() {
        ExternalAudiences domain = domain();
        Caller caller = caller(freshScope());
        Audience before = created(domain, caller, request("Patched"));
        clock.advance(Duration.ofMinutes(5));
        Caller editor = new Caller(caller.scope(), new UserId("editor@example.com"));

        Audience after = domain.update(editor, before.id(), AudiencePatch.NONE
                .withDescription(new Description("new text"))
                .withLabels(Labels.of("core/C1"))
                .withFieldLabels(Map.of(new FieldName("tier"), Labels.of("core/C2")))
                .withTtl(Ttl.ofDays(40)));

        assertThat(after.description()).contains(new Description("new text"));
        assertThat(after.labels()).isEqualTo(Labels.of("core/C1"));
        assertThat(after.fields().byName(new FieldName("tier")).orElseThrow().labels()).isEqualTo(Labels.of("core/C2"));
        assertThat(after.fields().byName(new FieldName("email")).orElseThrow().labels()).isEqualTo(Labels.NONE);
        assertThat(after.ttl()).isEqualTo(Ttl.ofDays(40));
        assertThat(after.updated().by()).isEqualTo(editor.user());
        assertThat(after.updated().at()).isEqualTo(clock.instant());
        assertThat(after.created()).isEqualTo(before.created());
        assertThat(after.name()).isEqualTo(before.name());
        assertThat(after.sourceSpec()).isEqualTo(before.sourceSpec());
        assertThat(domain.audience(caller.scope(), before.id())).isEqualTo(after);
    }

    @Test
    @DisplayName("EA-12: an empty patch changes nothing, not even the update stamp or version")
    void ea12_emptyPatchChangesNothing() {
        ExternalAudiences domain = domain();
        Caller caller = caller(freshScope());
        Audience before = created(domain, caller, request("Untouched"));
        clock.advance(Duration.ofMinutes(5));

        assertThat(domain.update(caller, before.id(), AudiencePatch.NONE)).isEqualTo(before);
        assertThat(domain.audience(caller.scope(), before.id())).isEqualTo(before);
        assertThat(errorOf(() -> domain.update(caller(freshScope()), before.id(), AudiencePatch.NONE)))
                .isInstanceOf(DomainError.NotFound.class);
    }

    @Test
    @DisplayName("EA-05: a patch naming an unknown field is refused whole: nothing of it is applied")
    void ea05_patchAllOrNothing() {
        ExternalAudiences domain = domain();
        Caller caller = caller(freshScope());
        Audience before = created(domain, caller, request("Atomic"));

        DomainError error = errorOf(() -> domain.update(caller, before.id(), AudiencePatch.NONE
                .withDescription(new Description("should not stick"))
                .withFieldLabels(Map.of(new FieldName("no-such-field"), Labels.of("core/C2")))));

        assertThat(error).isInstanceOfSatisfying(DomainError.Invalid.class,
                invalid -> assertThat(invalid.detail()).contains("no-such-field"));
        assertThat(domain.audience(caller.scope(), before.id())).isEqualTo(before);
    }

    @Test
    @DisplayName("EA-06: another scope's audience is not found, and every call on it changes nothing")
    void ea06_crossScopeNotFound() {
        ExternalAudiences domain = domain();
        Caller owner = caller(freshScope());
        Audience audience = created(domain, owner, request("Private"));
        Caller intruder = caller(new TenantScope(owner.scope().orgId(), "other-sandbox"));
        RunRequest window = RunRequest.ofEpochSeconds(clock.instant().getEpochSecond() - 3600, null, null);

        for (Runnable call : List.<Runnable>of(
                () -> domain.audience(intruder.scope(), audience.id()),
                () -> domain.update(intruder, audience.id(), AudiencePatch.NONE.withTtl(Ttl.ofDays(1))),
                () -> domain.start(intruder, audience.id(), window),
                () -> domain.runs(intruder.scope(), audience.id(), RunQuery.DEFAULT),
                () -> domain.members(intruder.scope(), audience.id(), PageRequest.first(10)),
                () -> domain.delete(intruder.scope(), audience.id()))) {
            assertThat(errorOf(call)).isEqualTo(new DomainError.NotFound(ResourceKind.AUDIENCE, audience.id().value()));
        }
        assertThat(domain.audience(owner.scope(), audience.id())).isEqualTo(audience);
        assertThat(domain.runs(owner.scope(), audience.id(), RunQuery.DEFAULT).totalCount()).isZero();
    }

    @Test
    @DisplayName("EA-07: a run starts processing with both stages pending; a second start while it runs is RUN_IN_PROGRESS")
    void ea07_startRules() {
        ExternalAudiences domain = domain();
        Caller caller = caller(freshScope());
        Audience audience = created(domain, caller, request("Runs"));
        RunRequest request = RunRequest.ofEpochSeconds(clock.instant().getEpochSecond() - 3600, null, false);

        IngestionRun run = domain.start(caller, audience.id(), request);

        assertThat(run.status().kind()).isEqualTo(RunStatus.Kind.PROCESSING);
        assertThat(run.mode()).isEqualTo(IngestionMode.FULL);
        assertThat(run.stages()).extracting(stage -> stage.status()).containsExactly(StageStatus.PENDING,
                StageStatus.PENDING);
        assertThat(run.audienceName()).isEqualTo(audience.name());
        assertThat(domain.run(caller.scope(), audience.id(), run.id())).isEqualTo(run);
        assertThat(refusalOf(() -> domain.start(caller, audience.id(), request))).isEqualTo(Refusal.RUN_IN_PROGRESS);
        assertThat(errorOf(() -> domain.run(caller.scope(), audience.id(), new RunId("nope"))))
                .isEqualTo(new DomainError.NotFound(ResourceKind.RUN, "nope"));
    }

    @Test
    @DisplayName("EA-08: daily guardrails: per audience, then per sandbox, each its own refusal; a new UTC day resets them")
    void ea08_guardrails() {
        ExternalAudiences domain = domain(new RunGuardrails(2, 3), Runnable::run);
        Caller caller = caller(freshScope());
        Audience first = created(domain, caller, request("First"));
        Audience second = created(domain, caller, request("Second"));
        RunRequest request = RunRequest.ofEpochSeconds(clock.instant().getEpochSecond() - 3600, null, null);

        finish(domain.start(caller, first.id(), request));
        finish(domain.start(caller, first.id(), request));
        assertThat(refusalOf(() -> domain.start(caller, first.id(), request))).isEqualTo(Refusal.AUDIENCE_RUN_GUARDRAIL);
        finish(domain.start(caller, second.id(), request));
        assertThat(refusalOf(() -> domain.start(caller, second.id(), request))).isEqualTo(Refusal.SANDBOX_RUN_GUARDRAIL);

        clock.set(RunGuardrails.dayStart(clock.instant()).plus(Duration.ofDays(1)));
        assertThat(domain.start(caller, first.id(), request).isInProgress()).isTrue();
    }

    @Test
    @DisplayName("EA-09: members expire TTL after their last ingestion, and a TTL change applies to them at once")
    void ea09_ttlExpiry() {
        ExternalAudiences domain = domain();
        Caller caller = caller(freshScope());
        Audience audience = created(domain, caller, request("Expiring").withTtl(Ttl.ofDays(10)));
        Identity alice = Identity.of("email", "alice@example.com");
        ingest(audience, List.of(new StagedMember(alice, Map.of("tier", "gold"))));

        clock.advance(Duration.ofDays(9));
        assertThat(domain.member(caller.scope(), audience.id(), alice)).isPresent();
        assertThat(domain.memberships(caller.scope(), alice)).hasSize(1);

        domain.update(caller, audience.id(), AudiencePatch.NONE.withTtl(Ttl.ofDays(5)));
        assertThat(domain.member(caller.scope(), audience.id(), alice)).isEmpty();
        assertThat(domain.members(caller.scope(), audience.id(), PageRequest.first(10)).totalCount()).isZero();
        assertThat(domain.memberships(caller.scope(), alice)).isEmpty();

        domain.update(caller, audience.id(), AudiencePatch.NONE.withTtl(Ttl.ofDays(90)));
        assertThat(domain.member(caller.scope(), audience.id(), alice)).isPresent();
    }

    @Test
    @DisplayName("EA-10: deleting an audience deletes its runs and members; it is then not found")
    void ea10_deleteCascades() {
        ExternalAudiences domain = domain();
        Caller caller = caller(freshScope());
        Audience audience = created(domain, caller, request("Doomed"));
        IngestionRun run = domain.start(caller, audience.id(),
                RunRequest.ofEpochSeconds(clock.instant().getEpochSecond() - 60, null, null));
        Identity bob = Identity.of("email", "bob@example.com");
        ingest(audience, List.of(new StagedMember(bob, Map.of())));

        domain.delete(caller.scope(), audience.id());

        assertThat(errorOf(() -> domain.audience(caller.scope(), audience.id())))
                .isInstanceOf(DomainError.NotFound.class);
        assertThat(stores.runs().find(caller.scope(), audience.id(), run.id())).isEmpty();
        assertThat(stores.members().memberships(caller.scope(), bob)).isEmpty();
        assertThat(errorOf(() -> domain.delete(caller.scope(), audience.id()))).isInstanceOf(DomainError.NotFound.class);
        created(domain, caller, request("Doomed"));
    }

    @Test
    @DisplayName("EA-11: a run request needs a start, and an end after it")
    void ea11_runWindowRules() {
        assertThat(errorOf(() -> RunRequest.ofEpochSeconds(null, null, null)))
                .isEqualTo(new DomainError.Invalid("dataFilterStartTime", "is required"));
        assertThat(errorOf(() -> RunRequest.ofEpochSeconds(100L, 100L, null)))
                .isEqualTo(new DomainError.Invalid("dataFilterEndTime", "must be after dataFilterStartTime"));
        assertThat(RunRequest.ofEpochSeconds(100L, null, null).mode()).isEqualTo(IngestionMode.DIFFERENTIAL);
    }

    private void finish(IngestionRun run) {
        stores.runs().update(run.on(new RunEvent.Abandoned(new RunFailure(RunFailure.Cause.INTERRUPTED, "test")),
                clock.instant()));
    }

    private void ingest(Audience audience, List<StagedMember> batch) {
        RunId run = new RunId("ingest-" + java.util.UUID.randomUUID());
        stores.stagedMembers().stage(audience.scope(), audience.id(), run, batch);
        Instant now = clock.instant();
        stores.stagedMembers().merge(audience.scope(), audience.id(), run, IngestionMode.DIFFERENTIAL, now,
                audience.expiryCutoff(now));
    }
}
