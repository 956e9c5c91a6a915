package dev.extaudiences.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.Stores;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudiencePatch;
import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.audience.ProfileIngestion;
import dev.extaudiences.core.audience.Ttl;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Refusal;
import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.identity.IdentityStorage;
import dev.extaudiences.core.identity.Sha256;
import dev.extaudiences.core.ingest.RowRules;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.SourceFiles;
import dev.extaudiences.core.run.IdentityMatches;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RejectedRow;
import dev.extaudiences.core.run.RowPart;
import dev.extaudiences.core.run.RunEffect;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.run.RunStatus;
import dev.extaudiences.core.run.Stage;
import dev.extaudiences.core.run.StageStatus;
import dev.extaudiences.core.service.Backoff;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.MutableClock;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.Race;
import dev.extaudiences.testkit.gen.Generators;
import dev.extaudiences.testkit.source.ScriptedSourceFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * What a run really does, over a set of stores, with files scripted by the test and time moved by hand. Rule ids:
 * ING-nn. Runs are executed on the test's thread with {@code executePendingRuns()}.
 */
public abstract class IngestionContract extends StoresContract {

    private final MutableClock clock = MutableClock.at("2026-04-01T08:00:00Z");
    private final ScriptedSourceFiles files = new ScriptedSourceFiles();
    private final List<ExternalAudiences> built = new ArrayList<>();
    private final List<Duration> pauses = java.util.Collections.synchronizedList(new ArrayList<>());

    private ExternalAudiences domain(SourceFiles sources) {
        return domain(stores, sources);
    }

    private ExternalAudiences domain(Stores over, SourceFiles sources) {
        ExternalAudiences domain = ExternalAudiences.builder(over).clock(clock).sourceFiles(sources)
                .completeOperationsOn(Runnable::run).runLease(Duration.ofMinutes(2))
                .outcomeRetry(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(2),
                        pause -> {
                            // nobody waits: the retries' pauses move the test's clock, and are kept to be looked at
                            pauses.add(pause);
                            clock.advance(pause);
                        }))
                .build();
        built.add(domain);
        return domain;
    }

    private ExternalAudiences domain() {
        return domain(sources(files));
    }

    /**
     * The source files the rules read through: the scripted ones, as they are. A proof that a rule catches a broken
     * source overrides it to break them.
     */
    protected SourceFiles sources(ScriptedSourceFiles scripted) {
        return scripted;
    }

    @AfterEach
    void close() {
        built.forEach(ExternalAudiences::close);
    }

    private static final List<String> HEADER = List.of("email", "tier", "points", "joined", "extra");

    private static Fields schema() {
        return Fields.of(Field.identity("email", FieldType.STRING, "email"), Field.attribute("tier", FieldType.STRING),
                Field.attribute("points", FieldType.INTEGER), Field.attribute("joined", FieldType.DATE));
    }

    private Audience audience(ExternalAudiences domain, Caller caller, String path, SourceKind kind,
                              ProfileIngestion profile) {
        NewAudience request = NewAudience.minimal("Audience " + path, schema(), SourceSpecRequest.dlz(path, kind));
        request = new NewAudience(request.name(), request.description(), request.customAudienceId(), request.fields(),
                request.sourceSpec(), request.ttl(), request.audienceType(), request.originName(), request.namespace(),
                request.labels(), request.tags(), profile);
        Operation operation = domain.create(caller, request);
        return domain.audience(caller.scope(), domain.operation(caller.scope(), operation.id()).audienceId().orElseThrow());
    }

    private Audience audience(ExternalAudiences domain, Caller caller, String path) {
        return audience(domain, caller, path, SourceKind.FILE, ProfileIngestion.ENABLED);
    }

    private static Caller caller() {
        return new Caller(freshScope(), new UserId("ingester@example.com"));
    }

    private IngestionRun runToEnd(ExternalAudiences domain, Caller caller, Audience audience, boolean differential) {
        IngestionRun started = domain.start(caller, audience.id(),
                RunRequest.ofEpochSeconds(clock.instant().minus(Duration.ofDays(1)).getEpochSecond(), null,
                        differential));
        clock.advance(Duration.ofSeconds(5));
        domain.executePendingRuns();
        return domain.run(caller.scope(), audience.id(), started.id());
    }

    private static Map<String, Map<String, String>> membersOf(ExternalAudiences domain, Caller caller,
                                                              Audience audience) {
        Map<String, Map<String, String>> found = new TreeMap<>();
        domain.members(caller.scope(), audience.id(), new PageRequest(0, 1000)).items()
                .forEach(member -> found.put(member.identity().value(), member.attributes()));
        return found;
    }

    @Test
    @DisplayName("ING-01: a run reads its file, keeps valid rows as members and rejects bad ones with file, line, column and reason, and counts the file's bytes")
    void ing01_goodBadAndDuplicateRows() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/members.csv");
        files.file(caller.scope(), "crm/members.csv", clock.instant().minusSeconds(60), HEADER, List.of(
                List.of("ada@example.com", "gold", "120", "2025-05-13", "ignored"),
                List.of("", "gold", "1", "2025-05-13", "x"),
                List.of("bob@example.com", "silver", "many", "2025-05-13", "x"),
                List.of("cy@example.com", "", "", "", "x"),
                List.of("ada@example.com", "platinum", "130", "2025-06-01", "x"),
                List.of("dan@example.com", "gold", "5", "13/05/2025", "x"),
                List.of("eve@example.com", "gold")));

        IngestionRun run = runToEnd(domain, caller, audience, true);

        assertThat(run.status().kind()).as(run.toString()).isEqualTo(RunStatus.Kind.SUCCEEDED);
        assertThat(run.stages()).extracting(stage -> stage.status()).containsOnly(StageStatus.SUCCESS);
        assertThat(run.counts().files()).isEqualTo(1);
        assertThat(run.counts().bytesRead()).as("the bytes of the file, as stored")
                .isEqualTo(files.sizeOf(caller.scope(), "crm/members.csv"));
        assertThat(run.counts().rowsRead()).isEqualTo(7);
        assertThat(run.counts().rowsRejected()).isEqualTo(4);
        assertThat(run.counts().rowsDuplicated()).isEqualTo(1);
        assertThat(run.counts().membersAdded()).isEqualTo(2);
        assertThat(run.rejections()).containsExactly(
                new RejectedRow("crm/members.csv", 3, column("email"), "the identity value is empty"),
                new RejectedRow("crm/members.csv", 4, column("points"), "'many' is not a valid integer"),
                new RejectedRow("crm/members.csv", 7, column("joined"), "'13/05/2025' is not a valid date (expected like 2025-05-13)"),
                new RejectedRow("crm/members.csv", 8, RowPart.WHOLE_ROW, "the row has 2 values where the header has 5 columns"));
        assertThat(membersOf(domain, caller, audience)).isEqualTo(Map.of(
                "ada@example.com", Map.of("tier", "platinum", "points", "130", "joined", "2025-06-01"),
                "cy@example.com", Map.of()));
        Member ada = domain.member(caller.scope(), audience.id(), Identity.of("email", "ada@example.com")).orElseThrow();
        assertThat(ada.lastIngestedAt()).isAfter(run.created().at());
    }

    @Test
    @DisplayName("ING-02: a folder run reads only the files modified inside [start, end)")
    void ing02_folderWindow() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience audience = audience(domain, caller, "drops", SourceKind.FOLDER, ProfileIngestion.ENABLED);
        Instant start = clock.instant().minus(Duration.ofHours(10));
        Instant end = clock.instant().minus(Duration.ofHours(2));
        files.file(caller.scope(), "drops/before.csv", start.minusSeconds(1), HEADER, List.of(row("early")));
        files.file(caller.scope(), "drops/at-start.csv", start, HEADER, List.of(row("first")));
        files.file(caller.scope(), "drops/inside.csv", end.minusSeconds(1), HEADER, List.of(row("second")));
        files.file(caller.scope(), "drops/at-end.csv", end, HEADER, List.of(row("late")));
        files.file(caller.scope(), "drops/nested/deep.csv", start.plusSeconds(10), HEADER, List.of(row("deep")));

        IngestionRun started = domain.start(caller, audience.id(),
                RunRequest.ofEpochSeconds(start.getEpochSecond(), end.getEpochSecond(), null));
        domain.executePendingRuns();

        IngestionRun run = domain.run(caller.scope(), audience.id(), started.id());
        assertThat(run.counts().files()).isEqualTo(2);
        assertThat(membersOf(domain, caller, audience).keySet()).containsExactly("first@example.com",
                "second@example.com");
    }

    @Test
    @DisplayName("ING-03: a differential run upserts; a full run leaves exactly what it read")
    void ing03_fullAndDifferential() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/all.csv");
        files.file(caller.scope(), "crm/all.csv", clock.instant().minusSeconds(60), HEADER,
                List.of(row("a"), row("b")));
        runToEnd(domain, caller, audience, true);
        files.file(caller.scope(), "crm/all.csv", clock.instant().minusSeconds(1), HEADER, List.of(row("c")));

        IngestionRun differential = runToEnd(domain, caller, audience, true);
        assertThat(membersOf(domain, caller, audience).keySet()).containsExactly("a@example.com", "b@example.com",
                "c@example.com");
        assertThat(differential.counts().membersAdded()).isEqualTo(1);

        files.file(caller.scope(), "crm/all.csv", clock.instant().minusSeconds(1), HEADER,
                List.of(row("b"), row("d")));
        IngestionRun full = runToEnd(domain, caller, audience, false);
        assertThat(membersOf(domain, caller, audience).keySet()).containsExactly("b@example.com", "d@example.com");
        assertThat(full.counts().membersAdded()).isEqualTo(1);
        assertThat(full.counts().membersUpdated()).isEqualTo(1);
        assertThat(full.counts().membersRemoved()).isEqualTo(2);
    }

    @Test
    @DisplayName("ING-04: a missing column fails the run naming it, and earlier members stay as they were")
    void ing04_missingColumn() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/x.csv");
        files.file(caller.scope(), "crm/x.csv", clock.instant().minusSeconds(60), HEADER, List.of(row("kept")));
        runToEnd(domain, caller, audience, true);
        files.file(caller.scope(), "crm/x.csv", clock.instant().minusSeconds(1), List.of("email", "tier", "points"),
                List.of(List.of("new@example.com", "gold", "1")));

        IngestionRun failed = runToEnd(domain, caller, audience, false);

        assertThat(failed.status().kind()).isEqualTo(RunStatus.Kind.FAILED);
        assertThat(failed.failure().orElseThrow().cause()).isEqualTo(RunFailure.Cause.SOURCE_DATA);
        assertThat(failed.failure().orElseThrow().reason()).contains("joined").contains("crm/x.csv");
        assertThat(failed.stage(Stage.DATASET_INGEST).status()).isEqualTo(StageStatus.FAILED);
        assertThat(failed.stage(Stage.PROFILE_STORE_INGEST).status()).isEqualTo(StageStatus.SKIPPED);
        assertThat(membersOf(domain, caller, audience).keySet()).containsExactly("kept@example.com");
    }

    @Test
    @DisplayName("ING-05: a missing path fails the run (source data); a storage failure fails it as a dependency failure")
    void ing05_missingPathAndStorageFailure() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience missing = audience(domain, caller, "crm/nowhere.csv");
        Audience broken = audience(domain, caller, "crm/broken.csv");
        files.breakStorage(caller.scope(), "crm/broken.csv");

        IngestionRun noFile = runToEnd(domain, caller, missing, true);
        IngestionRun noStorage = runToEnd(domain, caller, broken, true);

        assertThat(noFile.failure().orElseThrow().cause()).isEqualTo(RunFailure.Cause.SOURCE_DATA);
        assertThat(noFile.failure().orElseThrow().reason()).contains("crm/nowhere.csv");
        assertThat(noStorage.failure().orElseThrow().cause()).isEqualTo(RunFailure.Cause.DEPENDENCY);
    }

    @Test
    @DisplayName("ING-06: without profile ingestion, the dataset is read and checked, and no member is written")
    void ing06_profileIngestionDisabled() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/quiet.csv", SourceKind.FILE, ProfileIngestion.DISABLED);
        files.file(caller.scope(), "crm/quiet.csv", clock.instant().minusSeconds(60), HEADER, List.of(row("a")));

        IngestionRun run = runToEnd(domain, caller, audience, true);

        assertThat(run.status().kind()).isEqualTo(RunStatus.Kind.SUCCEEDED);
        assertThat(run.stage(Stage.PROFILE_STORE_INGEST).status()).isEqualTo(StageStatus.SKIPPED);
        assertThat(run.counts().rowsRead()).isEqualTo(1);
        assertThat(membersOf(domain, caller, audience)).isEmpty();
    }

    @Test
    @DisplayName("ING-07: a run whose worker stopped is failed (INTERRUPTED) once its lease lapses, and what it had staged is dropped; nothing stays processing for ever")
    void ing07_lapsedLease() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/y.csv");
        IngestionRun started = domain.start(caller, audience.id(), RunRequest.ofEpochSeconds(1L, null, null));
        Optional<IngestionRun> claimed;
        do {
            claimed = stores.runs().claimNext("a-node-that-dies", clock.instant().plus(Duration.ofMinutes(2)));
        } while (claimed.isPresent() && !claimed.get().id().equals(started.id()));
        // the node had staged part of its file when it died: one member, read twice
        StagedMember ada = new StagedMember(new Identity(new IdentityNamespace("email"), "ada@example.com"),
                Map.of("tier", "gold"));
        stores.stagedMembers().stage(caller.scope(), audience.id(), started.id(), List.of(ada, ada));
        assertThat(stores.stagedMembers().stagedDuplicates(caller.scope(), audience.id(), started.id()))
                .as("what the node staged before it died").isEqualTo(1);

        domain.executePendingRuns();
        assertThat(domain.run(caller.scope(), audience.id(), started.id()).isInProgress()).isTrue();
        clock.advance(Duration.ofMinutes(3));
        domain.executePendingRuns();

        IngestionRun run = domain.run(caller.scope(), audience.id(), started.id());
        assertThat(run.status().kind()).isEqualTo(RunStatus.Kind.FAILED);
        assertThat(run.failure().orElseThrow().cause()).isEqualTo(RunFailure.Cause.INTERRUPTED);
        assertThat(stores.stagedMembers().stagedDuplicates(caller.scope(), audience.id(), run.id()))
                .as("no staging left").isZero();
        assertThat(stores.stagedMembers().merge(caller.scope(), audience.id(), run.id(), IngestionMode.DIFFERENTIAL,
                clock.instant(), audience.expiryCutoff(clock.instant())))
                .as("a merge of the run's staging finds nothing to merge").isEqualTo(new MergeOutcome(0, 0, 0, 0));
        assertThat(membersOf(domain, caller, audience)).isEmpty();
        assertThat(domain.start(caller, audience.id(), RunRequest.ofEpochSeconds(1L, null, null)).isInProgress())
                .isTrue();
    }

    @Test
    @DisplayName("ING-08: a source this server cannot read is refused at start (422 SOURCE_NOT_AVAILABLE)")
    void ing08_unavailableSource() {
        ExternalAudiences domain = domain(SourceFiles.none());
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/z.csv");

        Throwable refused = catchThrowable(() -> domain.start(caller, audience.id(),
                RunRequest.ofEpochSeconds(1L, null, null)));

        assertThat(((DomainException) refused).error()).isInstanceOfSatisfying(DomainError.Unprocessable.class,
                error -> assertThat(error.reason()).isEqualTo(Refusal.SOURCE_NOT_AVAILABLE));
    }

    @Test
    @DisplayName("ING-09: members expire TTL after their last ingestion; the sweeper removes them; a TTL change applies at once")
    void ing09_expiry() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/ttl.csv");
        domain.update(caller, audience.id(), AudiencePatch.NONE.withTtl(Ttl.ofDays(3)));
        files.file(caller.scope(), "crm/ttl.csv", clock.instant().minusSeconds(60), HEADER, List.of(row("a")));
        runToEnd(domain, caller, audience, true);

        clock.advance(Duration.ofDays(2));
        assertThat(membersOf(domain, caller, audience)).hasSize(1);
        domain.sweepExpiredMembers();
        assertThat(stores.members().memberships(caller.scope(), Identity.of("email", "a@example.com")))
                .as("a live member survives the sweep").hasSize(1);
        domain.update(caller, audience.id(), AudiencePatch.NONE.withTtl(Ttl.ofDays(1)));
        assertThat(membersOf(domain, caller, audience)).isEmpty();
        domain.update(caller, audience.id(), AudiencePatch.NONE.withTtl(Ttl.ofDays(3)));
        assertThat(membersOf(domain, caller, audience)).hasSize(1);
        clock.advance(Duration.ofDays(2));
        assertThat(membersOf(domain, caller, audience)).isEmpty();
        assertThat(domain.sweepExpiredMembers()).isGreaterThanOrEqualTo(1);
        assertThat(stores.members().memberships(caller.scope(), Identity.of("email", "a@example.com"))).isEmpty();
    }

    @Test
    @DisplayName("ING-10: for any schema and rows (valid and invalid mixed), the members written equal a reference computation")
    void ing10_membersEqualReference() {
        Gen<String> value = Generate.pick(List.of("", " ", "1", "-7", "3.5", "x", "true", "FALSE", "2025-05-13",
                "2025-02-30", "2025-05-23T20:19:00+00:00", "99999999999", "a@example.com", "b@example.com"));
        Gen<List<List<String>>> rows = lists().of(lists().of(value).ofSize(3)).ofSizeBetween(0, 25);
        Gen<List<FieldType>> types = lists().of(Generate.enumValues(FieldType.class)).ofSize(2);
        Property.forAll(40, types.zip(rows, Generate.booleans(), Sample::new),
                sample -> checkAgainstReference(sample.types(), sample.rows(), sample.differential()));
    }

    /** One generated file: the two attribute types, the rows, and how the run applies them. */
    private record Sample(List<FieldType> types, List<List<String>> rows, boolean differential) {
    }

    private void checkAgainstReference(List<FieldType> types, List<List<String>> data, boolean differential) {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Fields fields = Fields.of(Field.identity("id", FieldType.STRING, "crmId"), Field.attribute("f1", types.get(0)),
                Field.attribute("f2", types.get(1)));
        Operation operation = domain.create(caller, NewAudience.minimal("generated", fields,
                SourceSpecRequest.dlz("gen.csv", SourceKind.FILE)));
        Audience audience = domain.audience(caller.scope(),
                domain.operation(caller.scope(), operation.id()).audienceId().orElseThrow());
        files.file(caller.scope(), "gen.csv", clock.instant().minusSeconds(5), List.of("id", "f1", "f2"), data);

        IngestionRun run = runToEnd(domain, caller, audience, differential);

        Map<String, Map<String, String>> expected = new TreeMap<>();
        long rejected = 0;
        for (List<String> row : data) {
            Optional<Map<String, String>> attributes = reference(types, row);
            if (row.get(0).isBlank() || attributes.isEmpty()) {
                rejected++;
            } else {
                expected.put(row.get(0).trim(), attributes.get());
            }
        }
        assertThat(run.status().kind()).isEqualTo(RunStatus.Kind.SUCCEEDED);
        assertThat(run.counts().rowsRead()).isEqualTo(data.size());
        assertThat(run.counts().rowsRejected()).isEqualTo(rejected);
        assertThat(membersOf(domain, caller, audience)).isEqualTo(expected);
    }

    /** The reference: a plain re-statement of the value rules, one type at a time. */
    private static Optional<Map<String, String>> reference(List<FieldType> types, List<String> row) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            String raw = row.get(i + 1);
            if (raw.isBlank()) {
                continue;
            }
            Optional<String> value = referenceValue(types.get(i), raw.trim());
            if (value.isEmpty()) {
                return Optional.empty();
            }
            attributes.put("f" + (i + 1), types.get(i) == FieldType.STRING ? raw : value.get());
        }
        return Optional.of(attributes);
    }

    private static Optional<String> referenceValue(FieldType type, String raw) {
        switch (type) {
            case STRING:
                return Optional.of(raw);
            case INTEGER:
                return raw.matches("-?\\d{1,9}") ? Optional.of(String.valueOf(Integer.parseInt(raw))) : Optional.empty();
            case LONG:
                return raw.matches("-?\\d{1,18}") ? Optional.of(String.valueOf(Long.parseLong(raw))) : Optional.empty();
            case NUMBER:
                return raw.matches("-?\\d+(\\.\\d+)?") ? Optional.of(raw) : Optional.empty();
            case BOOLEAN:
                return raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")
                        ? Optional.of(raw.toLowerCase()) : Optional.empty();
            case DATE:
                return raw.equals("2025-05-13") ? Optional.of(raw) : Optional.empty();
            case DATETIME:
                return raw.equals("2025-05-23T20:19:00+00:00") ? Optional.of("2025-05-23T20:19Z") : Optional.empty();
            default:
                throw new IllegalArgumentException(type.name());
        }
    }

    @Test
    @DisplayName("ING-11: a store failing while a run stages its rows fails the run as a dependency failure, stages no batch after the failed one, and earlier members stay as they were")
    void ing11_stagingFailure() {
        ExternalAudiences healthy = domain();
        Caller caller = caller();
        Audience audience = audience(healthy, caller, "crm/big.csv");
        files.file(caller.scope(), "crm/big.csv", clock.instant().minusSeconds(60), HEADER, List.of(row("kept")));
        runToEnd(healthy, caller, audience, true);
        files.file(caller.scope(), "crm/big.csv", clock.instant().minusSeconds(1), HEADER, stagingWritesOfRows(3));
        java.util.concurrent.atomic.AtomicInteger stages = new java.util.concurrent.atomic.AtomicInteger();
        Stores failing = new Stores(stores.audiences(), stores.operations(), stores.runs(),
                failingOnSecondStage(stores.stagedMembers(), stages), stores.members(), stores.idempotencyKeys());
        ExternalAudiences domain = domain(failing, files);

        IngestionRun failed = runToEnd(domain, caller, audience, false);

        assertThat(stages.get()).as("batches handed to the store: the first, then the one that failed").isEqualTo(2);
        assertThat(failed.status().kind()).isEqualTo(RunStatus.Kind.FAILED);
        assertThat(failed.failure().orElseThrow().cause()).isEqualTo(RunFailure.Cause.DEPENDENCY);
        assertThat(failed.stage(Stage.DATASET_INGEST).status()).isEqualTo(StageStatus.FAILED);
        assertThat(membersOf(healthy, caller, audience).keySet()).containsExactly("kept@example.com");
    }

    @Test
    @DisplayName("ING-43: a run hands the store its members in writes of as many as the store takes best in one (whole batches; the last write what is left), in the order read, each accepted row once")
    void ing43_stagingWritesAsTheStoreAsks() {
        ExternalAudiences healthy = domain();
        Caller caller = caller();
        Audience audience = audience(healthy, caller, "crm/writes.csv");
        List<List<String>> rows = stagingWritesOfRows(3);
        files.file(caller.scope(), "crm/writes.csv", clock.instant().minusSeconds(1), HEADER, rows);
        List<List<String>> written = java.util.Collections.synchronizedList(new ArrayList<>());
        StagedMembers watched = intercepted(stores.stagedMembers(), (method, args) -> {
            if (method.equals("stage")) {
                @SuppressWarnings("unchecked")
                List<dev.extaudiences.core.member.StagedMember> batch =
                        (List<dev.extaudiences.core.member.StagedMember>) args[3];
                written.add(batch.stream().map(member -> member.identity().value()).toList());
            }
        });
        ExternalAudiences domain = domain(new Stores(stores.audiences(), stores.operations(), stores.runs(), watched,
                stores.members(), stores.idempotencyKeys()), files);

        IngestionRun run = runToEnd(domain, caller, audience, false);

        assertThat(run.status().kind()).isEqualTo(RunStatus.Kind.SUCCEEDED);
        assertThat(written).extracting(List::size).as("members per write").containsExactly(rowsPerStagingWrite(),
                rowsPerStagingWrite(), dev.extaudiences.core.service.IngestionEngine.BATCH_SIZE);
        assertThat(written.stream().flatMap(List::stream).toList()).as("every accepted row once, in the order read")
                .isEqualTo(rows.stream().map(row -> row.get(0)).toList());
        assertThat(run.counts().membersAdded()).as("members added").isEqualTo(rows.size());
    }

    @Test
    @DisplayName("ING-12: an audience deleted while its run stages rows leaves nothing behind (no run, no member, no staging) and the worker carries on")
    void ing12_deletedWhileStaging() {
        ExternalAudiences healthy = domain();
        Caller caller = caller();
        Audience doomed = audience(healthy, caller, "crm/doomed.csv");
        Audience next = audience(healthy, caller, "crm/next.csv");
        files.file(caller.scope(), "crm/doomed.csv", clock.instant().minusSeconds(1), HEADER, batchesOfRows(2));
        files.file(caller.scope(), "crm/next.csv", clock.instant().minusSeconds(1), HEADER, List.of(row("next")));
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        StagedMembers deleting = recording(stores.stagedMembers(), calls, doomed.id(),
                () -> healthy.delete(caller.scope(), doomed.id()));
        ExternalAudiences domain = domain(new Stores(stores.audiences(), stores.operations(), stores.runs(), deleting,
                stores.members(), stores.idempotencyKeys()), files);
        IngestionRun started = domain.start(caller, doomed.id(),
                RunRequest.ofEpochSeconds(clock.instant().minus(Duration.ofDays(1)).getEpochSecond(), null, false));
        clock.advance(Duration.ofSeconds(1)); // so that the doomed run is the older one, claimed first

        IngestionRun after = runToEnd(domain, caller, next, true);

        assertThat(catchThrowable(() -> healthy.audience(caller.scope(), doomed.id())))
                .isInstanceOfSatisfying(DomainException.class,
                        thrown -> assertThat(thrown.error()).isInstanceOf(DomainError.NotFound.class));
        assertThat(stores.runs().find(caller.scope(), doomed.id(), started.id())).isEmpty();
        assertThat(stores.members().list(caller.scope(), doomed.id(), Instant.EPOCH, new PageRequest(0, 10)).items())
                .isEmpty();
        List<String> doomedCalls = calls.stream().filter(call -> call.endsWith(started.id().value())).toList();
        assertThat(doomedCalls).as("the run staged before its audience went").contains("stage " + started.id().value());
        assertThat(doomedCalls.get(doomedCalls.size() - 1)).as("after its last batch, the run's staging is dropped")
                .isEqualTo("discard " + started.id().value());
        assertThat(after.status().kind()).as("the worker carries on with the next run")
                .isEqualTo(RunStatus.Kind.SUCCEEDED);
        assertThat(membersOf(healthy, caller, next).keySet()).containsExactly("next@example.com");
    }

    @Test
    @DisplayName("ING-13: a run failed elsewhere (its lease lost) while it merges changes no member and stays failed as the other node said")
    void ing13_mergeOfARunEndedElsewhere() {
        ExternalAudiences healthy = domain();
        Caller caller = caller();
        Audience audience = audience(healthy, caller, "crm/lost.csv");
        files.file(caller.scope(), "crm/lost.csv", clock.instant().minusSeconds(60), HEADER, List.of(row("kept")));
        runToEnd(healthy, caller, audience, true);
        files.file(caller.scope(), "crm/lost.csv", clock.instant().minusSeconds(1), HEADER,
                List.of(row("new"), row("newer")));
        RunFailure elsewhere = new RunFailure(RunFailure.Cause.INTERRUPTED, "another node failed it");
        StagedMembers failedUnderIt = intercepted(stores.stagedMembers(), (method, args) -> {
            if (method.equals("mergeAndFinish")) {
                // the lease lapsed under a slow worker, and another node failed the run before its merge committed
                IngestionRun running = stores.runs().inProgress(caller.scope(), audience.id()).orElseThrow();
                stores.runs().update(running.on(new dev.extaudiences.core.run.RunEvent.Abandoned(elsewhere),
                        clock.instant()));
            }
        });
        ExternalAudiences domain = domain(new Stores(stores.audiences(), stores.operations(), stores.runs(),
                failedUnderIt, stores.members(), stores.idempotencyKeys()), files);

        IngestionRun run = runToEnd(domain, caller, audience, false);

        assertThat(run.status().kind()).isEqualTo(RunStatus.Kind.FAILED);
        assertThat(run.failure()).contains(elsewhere);
        assertThat(run.counts().membersAdded()).isZero();
        assertThat(membersOf(healthy, caller, audience).keySet()).as("the merge did not apply")
                .containsExactly("kept@example.com");
        assertThat(stores.stagedMembers().stagedDuplicates(caller.scope(), audience.id(), run.id())).isZero();
    }

    @Test
    @DisplayName("ING-14: when a run's outcome cannot be written at its merge, no member changes and the run does not read SUCCESS")
    void ing14_mergeAndOutcomeCommitTogether() {
        ExternalAudiences healthy = domain();
        Caller caller = caller();
        Audience audience = audience(healthy, caller, "crm/atomic.csv");
        files.file(caller.scope(), "crm/atomic.csv", clock.instant().minusSeconds(60), HEADER,
                List.of(row("kept"), row("also-kept")));
        runToEnd(healthy, caller, audience, true);
        files.file(caller.scope(), "crm/atomic.csv", clock.instant().minusSeconds(1), HEADER,
                List.of(row("kept"), row("new")));
        StagedMembers outcomeFails = intercepted(stores.stagedMembers(), (method, args) -> {
            if (method.equals("mergeAndFinish")) {
                // the members are merged, and the database goes away as the run's outcome is written (or the
                // process dies there): the store must not have committed the members alone
                @SuppressWarnings("unchecked")
                java.util.function.Function<dev.extaudiences.core.member.MergeOutcome, IngestionRun> finished =
                        (java.util.function.Function<dev.extaudiences.core.member.MergeOutcome, IngestionRun>) args[7];
                args[7] = (java.util.function.Function<dev.extaudiences.core.member.MergeOutcome, IngestionRun>)
                        outcome -> {
                            finished.apply(outcome);
                            throw new DomainException(new DomainError.DependencyFailed("database",
                                    "the database went away as the run's outcome was written"));
                        };
            }
        });
        ExternalAudiences domain = domain(new Stores(stores.audiences(), stores.operations(), stores.runs(),
                outcomeFails, stores.members(), stores.idempotencyKeys()), files);

        IngestionRun run = runToEnd(domain, caller, audience, false);

        assertThat(run.status().kind()).isEqualTo(RunStatus.Kind.FAILED);
        assertThat(run.failure().orElseThrow().cause()).isEqualTo(RunFailure.Cause.DEPENDENCY);
        assertThat(run.stage(Stage.PROFILE_STORE_INGEST).status()).isEqualTo(StageStatus.FAILED);
        assertThat(membersOf(healthy, caller, audience).keySet()).as("the merge did not apply without its outcome")
                .containsExactly("also-kept@example.com", "kept@example.com");
        assertThat(runToEnd(healthy, caller, audience, false).status().kind())
                .as("the next run merges what it reads").isEqualTo(RunStatus.Kind.SUCCEEDED);
        assertThat(membersOf(healthy, caller, audience).keySet()).containsExactly("kept@example.com",
                "new@example.com");
    }

    @Test
    @DisplayName("ING-23: a run whose state machine refuses the engine's own next step (a bug) ends FAILED at once with an internal reason, merges nothing, and is not left in progress for its lease")
    void ing23_aStateMachineBugFailsTheRunLoudly() {
        ExternalAudiences healthy = domain();
        Caller caller = caller();
        Audience audience = audience(healthy, caller, "crm/bug.csv");
        files.file(caller.scope(), "crm/bug.csv", clock.instant().minusSeconds(60), HEADER, List.of(row("kept")));
        runToEnd(healthy, caller, audience, true);
        files.file(caller.scope(), "crm/bug.csv", clock.instant().minusSeconds(1), HEADER, List.of(row("new")));
        StagedMembers buggy = intercepted(stores.stagedMembers(), (method, args) -> {
            if (method.equals("mergeAndFinish")) {
                // the bug: the run's final state is asked to succeed a stage twice, which the state machine refuses
                @SuppressWarnings("unchecked")
                java.util.function.Function<dev.extaudiences.core.member.MergeOutcome, IngestionRun> finished =
                        (java.util.function.Function<dev.extaudiences.core.member.MergeOutcome, IngestionRun>) args[7];
                args[7] = (java.util.function.Function<dev.extaudiences.core.member.MergeOutcome, IngestionRun>)
                        outcome -> finished.apply(outcome).on(
                                new dev.extaudiences.core.run.RunEvent.StageSucceeded(Stage.PROFILE_STORE_INGEST),
                                clock.instant());
            }
        });
        ExternalAudiences domain = domain(new Stores(stores.audiences(), stores.operations(), stores.runs(),
                buggy, stores.members(), stores.idempotencyKeys()), files);

        IngestionRun run = runToEnd(domain, caller, audience, false);

        assertThat(run.status().kind()).as("not left processing until its lease lapses")
                .isEqualTo(RunStatus.Kind.FAILED);
        assertThat(run.failure().orElseThrow().cause()).isEqualTo(RunFailure.Cause.DEPENDENCY);
        assertThat(run.failure().orElseThrow().reason()).contains("internal failure", "IllegalRunTransition");
        assertThat(run.stage(Stage.PROFILE_STORE_INGEST).status()).isEqualTo(StageStatus.FAILED);
        assertThat(membersOf(healthy, caller, audience).keySet()).as("the merge did not apply")
                .containsExactly("kept@example.com");
        assertThat(runToEnd(healthy, caller, audience, false).status().kind())
                .as("the next run is not blocked by it").isEqualTo(RunStatus.Kind.SUCCEEDED);
    }

    @Test
    @DisplayName("ING-15: a database outage during a run fails it at once when the database is back (saved with backoff), naming the database, not as interrupted; an outage that outlasts the patience leaves the run to its lease")
    void ing15_outageDuringARun() {
        ExternalAudiences healthy = domain();
        Caller caller = caller();
        Audience audience = audience(healthy, caller, "crm/outage.csv");
        files.file(caller.scope(), "crm/outage.csv", clock.instant().minusSeconds(60), HEADER, List.of(row("kept")));
        runToEnd(healthy, caller, audience, true);
        files.file(caller.scope(), "crm/outage.csv", clock.instant().minusSeconds(1), HEADER, stagingWritesOfRows(3));
        Outage outage = new Outage(4);
        ExternalAudiences domain = domain(outage.over(stores), files);
        pauses.clear();

        IngestionRun failed = runToEnd(domain, caller, audience, false);

        assertThat(outage.failedWrites()).as("the outage happened, and ended").isGreaterThanOrEqualTo(4);
        assertThat(failed.status().kind()).as("failed as soon as the database was back")
                .isEqualTo(RunStatus.Kind.FAILED);
        assertThat(failed.failure().orElseThrow().cause()).isEqualTo(RunFailure.Cause.DEPENDENCY);
        assertThat(failed.failure().orElseThrow().reason()).contains("database");
        assertThat(failed.stage(Stage.DATASET_INGEST).status()).isEqualTo(StageStatus.FAILED);
        assertThat(pauses).as("waited between attempts, longer each time").isNotEmpty().isSortedAccordingTo(
                Duration::compareTo);
        assertThat(membersOf(healthy, caller, audience).keySet()).containsExactly("kept@example.com");

        Outage forever = new Outage(Integer.MAX_VALUE);
        ExternalAudiences stranded = domain(forever.over(stores), files);
        pauses.clear();
        IngestionRun left = runToEnd(stranded, caller, audience, false);
        assertThat(left.isInProgress()).as("left to its lease, not failed in the store's absence").isTrue();
        assertThat(pauses.stream().reduce(Duration.ZERO, Duration::plus)).as("the retries are bounded")
                .isLessThanOrEqualTo(Duration.ofMinutes(2));
        clock.advance(Duration.ofMinutes(3));
        healthy.executePendingRuns();
        assertThat(healthy.run(caller.scope(), audience.id(), left.id()).isInProgress()).isFalse();
    }

    /**
     * The stores, with a database that goes away at the run's second staged batch: from then on, staging and every
     * write of a run fail as an unreachable database does, until {@code failures} run writes have failed.
     */
    private static final class Outage {
        private final int failures;
        private final java.util.concurrent.atomic.AtomicInteger stages = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean down;

        Outage(int failures) {
            this.failures = failures;
        }

        int failedWrites() {
            return failed.get();
        }

        Stores over(Stores stores) {
            StagedMembers staging = intercepted(StagedMembers.class, stores.stagedMembers(), (method, args) -> {
                if (method.equals("stage") && stages.incrementAndGet() == 2) {
                    down = true;
                }
                if (down && (method.equals("stage") || method.equals("mergeAndFinish"))) {
                    throw unreachable();
                }
            });
            dev.extaudiences.core.port.out.IngestionRuns runs = intercepted(
                    dev.extaudiences.core.port.out.IngestionRuns.class, stores.runs(), (method, args) -> {
                        if (down && method.equals("update")) {
                            if (failed.incrementAndGet() >= failures) {
                                down = false;
                            }
                            throw unreachable();
                        }
                    });
            return new Stores(stores.audiences(), stores.operations(), runs, staging, stores.members(), stores.idempotencyKeys());
        }

        private static DomainException unreachable() {
            return new DomainException(new DomainError.DependencyFailed("database",
                    "the database could not be reached"));
        }
    }

    @Test
    @DisplayName("ING-16: a node with no worker threads still fails a run whose node died, once its lease lapses")
    void ing16_lapsedRunsFailedByANodeWithoutWorkers() {
        ExternalAudiences observer = domain();
        Caller caller = caller();
        Audience audience = audience(observer, caller, "crm/orphan.csv");
        IngestionRun started = observer.start(caller, audience.id(), RunRequest.ofEpochSeconds(1L, null, null));
        Optional<IngestionRun> claimed;
        do {
            claimed = stores.runs().claimNext("a-node-that-dies", clock.instant().plus(Duration.ofMinutes(2)));
        } while (claimed.isPresent() && !claimed.get().id().equals(started.id()));
        observer.startBackgroundWork(0, Duration.ofMillis(20), Duration.ofHours(1));

        clock.advance(Duration.ofMinutes(3));

        IngestionRun run = awaitEnded(observer, caller, audience, started);
        assertThat(run.status().kind()).isEqualTo(RunStatus.Kind.FAILED);
        assertThat(run.failure().orElseThrow().cause()).isEqualTo(RunFailure.Cause.INTERRUPTED);
    }

    @Test
    @DisplayName("ING-17: whether any node executes runs is known: silent while no worker beats (naming for how long), seen while one does")
    void ing17_workerPresence() {
        // later than any sighting recorded before (other rules, other runs over the same database)
        clock.set(stores.runs().lastWorkerSeen().filter(seen -> seen.isAfter(clock.instant()))
                .orElse(clock.instant()).plus(Duration.ofDays(1)));
        ExternalAudiences idle = domain();
        idle.startBackgroundWork(0, Duration.ofMillis(20), Duration.ofHours(1));
        assertThat(idle.workerPresence()).isInstanceOf(dev.extaudiences.core.run.WorkerPresence.Silent.class);

        Instant beatAt = clock.instant();
        ExternalAudiences working = domain();
        working.startBackgroundWork(1, Duration.ofMillis(20), Duration.ofHours(1));
        assertThat(await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(
                idle::workerPresence, presence -> presence instanceof dev.extaudiences.core.run.WorkerPresence.Seen))
                .as("another node's worker is seen")
                .isEqualTo(new dev.extaudiences.core.run.WorkerPresence.Seen(beatAt));
        working.close();

        clock.advance(Duration.ofMinutes(5));
        assertThat(idle.workerPresence()).isInstanceOfSatisfying(dev.extaudiences.core.run.WorkerPresence.Silent.class,
                silent -> {
                    assertThat(silent.lastSeen()).contains(beatAt);
                    assertThat(silent.silentFor()).contains(Duration.ofMinutes(5));
                    assertThat(silent.detail()).contains("no worker seen for 300 seconds");
                });
    }

    @Test
    @DisplayName("ING-20: a file cut while it is read fails the run naming the file and what changed; a full run leaves the members of earlier runs as they were, and nothing staged")
    void ing20_fileChangedWhileRead() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/moving.csv");
        files.file(caller.scope(), "crm/moving.csv", clock.instant().minusSeconds(60), HEADER,
                List.of(row("kept"), row("also-kept")));
        runToEnd(domain, caller, audience, true);
        // past a whole staging batch, so that staged rows exist when the cut is seen
        int cutAfter = dev.extaudiences.core.service.IngestionEngine.BATCH_SIZE + 1_000;
        files.file(caller.scope(), "crm/moving.csv", clock.instant().minusSeconds(1), HEADER, batchesOfRows(2))
                .truncateWhileRead(caller.scope(), "crm/moving.csv", cutAfter);

        IngestionRun failed = runToEnd(domain, caller, audience, false);

        assertThat(failed.status().kind()).as(failed.toString()).isEqualTo(RunStatus.Kind.FAILED);
        assertThat(failed.failure().orElseThrow().cause()).isEqualTo(RunFailure.Cause.SOURCE_DATA);
        assertThat(failed.failure().orElseThrow().reason()).contains("'crm/moving.csv'")
                .contains("changed while it was read").contains("size ");
        assertThat(failed.stage(Stage.DATASET_INGEST).status()).isEqualTo(StageStatus.FAILED);
        assertThat(failed.stage(Stage.PROFILE_STORE_INGEST).status()).isEqualTo(StageStatus.SKIPPED);
        assertThat(failed.counts().membersRemoved()).isZero();
        assertThat(membersOf(domain, caller, audience).keySet()).as("the half-read file replaced nothing")
                .containsExactly("also-kept@example.com", "kept@example.com");
        assertThat(stores.stagedMembers().stagedDuplicates(caller.scope(), audience.id(), failed.id())).isZero();
    }

    @Test
    @DisplayName("ING-21: a file rewritten between its listing and its reading fails the run naming the file before a row of it counts; the members of earlier runs stay as they were")
    void ing21_fileChangedAfterListing() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/swapped.csv");
        files.file(caller.scope(), "crm/swapped.csv", clock.instant().minusSeconds(60), HEADER, List.of(row("kept")));
        runToEnd(domain, caller, audience, true);
        files.file(caller.scope(), "crm/swapped.csv", clock.instant().minusSeconds(2), HEADER,
                        List.of(row("listed"), row("listed-too")))
                .rewriteAfterListing(caller.scope(), "crm/swapped.csv", clock.instant().minusSeconds(1),
                        List.of(row("rewritten")));

        IngestionRun failed = runToEnd(domain, caller, audience, false);

        assertThat(failed.status().kind()).as(failed.toString()).isEqualTo(RunStatus.Kind.FAILED);
        assertThat(failed.failure().orElseThrow().cause()).isEqualTo(RunFailure.Cause.SOURCE_DATA);
        assertThat(failed.failure().orElseThrow().reason()).contains("'crm/swapped.csv'")
                .contains("changed after it was listed").contains("modified ");
        assertThat(failed.counts().rowsRead()).isZero();
        assertThat(membersOf(domain, caller, audience).keySet()).containsExactly("kept@example.com");
    }

    @Test
    @DisplayName("ING-22: a last line without its line end (after lines with one) is kept, and the run's errors say it may be incomplete, naming file and line, without counting it rejected")
    void ing22_unterminatedLastLine() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/cut.csv");
        files.file(caller.scope(), "crm/cut.csv", clock.instant().minusSeconds(60), HEADER,
                        List.of(row("ada"), List.of("", "gold", "1", "2025-05-13", "x"),
                                List.of("bob@example.com", "gold", "1", "2025-05-13", "ne")))
                .unterminatedLastLine(caller.scope(), "crm/cut.csv");

        IngestionRun run = runToEnd(domain, caller, audience, true);

        assertThat(run.status().kind()).as(run.toString()).isEqualTo(RunStatus.Kind.SUCCEEDED);
        assertThat(run.counts().rowsRead()).isEqualTo(3);
        assertThat(run.counts().rowsRejected()).isEqualTo(1);
        assertThat(run.rejections()).containsExactly(
                new RejectedRow("crm/cut.csv", 3, column("email"), "the identity value is empty"),
                new RejectedRow("crm/cut.csv", 4, RowPart.WHOLE_ROW, "the last line (line 4) has no line end: it may be incomplete"));
        assertThat(membersOf(domain, caller, audience).keySet()).containsExactly("ada@example.com",
                "bob@example.com");
    }

    /** The run once it has ended, waiting (boundedly) for a background task to end it. */
    /** One generated case of a dry run: the rows of an earlier run, the hours after it, the next file's rows. */
    private record DryRunCase(List<String> earlier, int hoursLater, List<String> incoming, boolean differential) {
    }

    @Test
    @DisplayName("ING-24: for any earlier members (live or expired) and any next file (duplicates and invalid rows mixed), a dry run reports exactly the counts of the run that follows it (but the members it wrote: none), reads as a dry run, and changes no member")
    void ing24_dryRunCountsWhatTheRunDoes() {
        Gen<List<String>> names = lists().of(Generate.pick(List.of("a", "b", "c", "d", "e", "f", "bad")))
                .ofSizeBetween(0, 10);
        // hours away from the 30-day TTL's edge: the dry run and the run that follows see the same members live
        Gen<Integer> hours = Generate.pick(List.of(0, 1, 24 * 29, 24 * 31));
        ExternalAudiences domain = domain();
        Property.forAll(40, names.zip(hours, names, Generate.booleans(), DryRunCase::new), sample -> {
            Caller caller = caller();
            Audience audience = audience(domain, caller, "crm/dry.csv");
            files.file(caller.scope(), "crm/dry.csv", clock.instant().minusSeconds(1), HEADER,
                    rowsOf(sample.earlier()));
            runToEnd(domain, caller, audience, true);
            clock.advance(Duration.ofHours(sample.hoursLater()));
            files.file(caller.scope(), "crm/dry.csv", clock.instant().minusSeconds(1), HEADER,
                    rowsOf(sample.incoming()));
            List<Member> before = everyMember(caller, audience);

            IngestionRun dry = runToEnd(domain, caller, audience, sample.differential(), RunEffect.DRY_RUN);

            assertThat(dry.status().kind()).as(dry.toString()).isEqualTo(RunStatus.Kind.SUCCEEDED);
            assertThat(dry.isDryRun()).isTrue();
            assertThat(everyMember(caller, audience)).as("a dry run changes no member").isEqualTo(before);
            IngestionRun real = runToEnd(domain, caller, audience, sample.differential());
            assertThat(real.isDryRun()).isFalse();
            assertThat(dry.counts().membersWritten()).as("members a dry run wrote").isZero();
            assertThat(dry.counts()).as("the dry run's counts against the run's")
                    .isEqualTo(real.counts().withMembersWritten(0));
            assertThat(dry.rejections()).isEqualTo(real.rejections());
        });
    }

    @Test
    @DisplayName("ING-25: a run cancelled while it reads stops at its next batch: it ends FAILED (CANCELLED, naming who cancelled), merges nothing, drops its staging, and the members of earlier runs stay")
    void ing25_cancelWhileReading() {
        ExternalAudiences healthy = domain();
        Caller caller = caller();
        Caller canceller = new Caller(caller.scope(), new UserId("canceller@example.com"));
        Audience audience = audience(healthy, caller, "crm/cancelled.csv");
        files.file(caller.scope(), "crm/cancelled.csv", clock.instant().minusSeconds(60), HEADER, List.of(row("kept")));
        runToEnd(healthy, caller, audience, true);
        files.file(caller.scope(), "crm/cancelled.csv", clock.instant().minusSeconds(1), HEADER, batchesOfRows(4));
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        StagedMembers cancelling = recording(stores.stagedMembers(), calls, audience.id(), () -> healthy.cancel(
                canceller, audience.id(), stores.runs().inProgress(caller.scope(), audience.id()).orElseThrow().id()));
        ExternalAudiences domain = domain(new Stores(stores.audiences(), stores.operations(), stores.runs(),
                cancelling, stores.members(), stores.idempotencyKeys()), files);

        IngestionRun run = runToEnd(domain, caller, audience, false);

        assertThat(run.status().kind()).isEqualTo(RunStatus.Kind.FAILED);
        assertThat(run.failure()).contains(new RunFailure(RunFailure.Cause.CANCELLED,
                "cancelled by canceller@example.com"));
        List<String> runCalls = calls.stream().filter(call -> call.endsWith(run.id().value())).toList();
        assertThat(runCalls.stream().filter(call -> call.startsWith("stage")).count())
                .as("it stopped at the batch after the cancel, not at the end of the file").isLessThanOrEqualTo(2);
        assertThat(runCalls.get(runCalls.size() - 1)).isEqualTo("discard " + run.id().value());
        assertStagingDropped(caller, audience, run);
        assertThat(membersOf(healthy, caller, audience).keySet()).containsExactly("kept@example.com");
    }

    @Test
    @DisplayName("ING-26: a cancel that comes while the merge writes wins: the merge rolls back whole, the run ends FAILED (CANCELLED), its staging goes; an ended run refuses a cancel (RUN_ENDED), an unknown run or another scope's is not found")
    void ing26_cancelDuringTheMerge() {
        ExternalAudiences healthy = domain();
        Caller caller = caller();
        Audience audience = audience(healthy, caller, "crm/merging.csv");
        files.file(caller.scope(), "crm/merging.csv", clock.instant().minusSeconds(60), HEADER, List.of(row("kept")));
        IngestionRun earlier = runToEnd(healthy, caller, audience, true);
        files.file(caller.scope(), "crm/merging.csv", clock.instant().minusSeconds(1), HEADER,
                List.of(row("new"), row("newer")));
        StagedMembers cancelledWhileMerging = intercepted(stores.stagedMembers(), (method, args) -> {
            if (method.equals("mergeAndFinish")) {
                @SuppressWarnings("unchecked")
                java.util.function.Function<MergeOutcome, IngestionRun> finished =
                        (java.util.function.Function<MergeOutcome, IngestionRun>) args[7];
                // called by the store once the members are written, before the run's outcome is: in its transaction
                args[7] = (java.util.function.Function<MergeOutcome, IngestionRun>) outcome -> {
                    healthy.cancel(caller, audience.id(),
                            stores.runs().inProgress(caller.scope(), audience.id()).orElseThrow().id());
                    return finished.apply(outcome);
                };
            }
        });
        ExternalAudiences domain = domain(new Stores(stores.audiences(), stores.operations(), stores.runs(),
                cancelledWhileMerging, stores.members(), stores.idempotencyKeys()), files);

        IngestionRun run = runToEnd(domain, caller, audience, false);

        assertThat(run.failure()).contains(RunFailure.cancelledBy(caller.user()));
        assertThat(run.counts().membersAdded()).isZero();
        assertThat(membersOf(healthy, caller, audience).keySet()).as("the merge rolled back whole")
                .containsExactly("kept@example.com");
        assertStagingDropped(caller, audience, run);
        assertRefused(() -> healthy.cancel(caller, audience.id(), run.id()), Refusal.RUN_ENDED, "has ended");
        assertRefused(() -> healthy.cancel(caller, audience.id(), earlier.id()), Refusal.RUN_ENDED, "succeeded");
        assertNotFound(() -> healthy.cancel(caller, audience.id(), new dev.extaudiences.core.run.RunId("nope")));
        assertNotFound(() -> healthy.cancel(caller(), audience.id(), run.id()));
    }

    /**
     * A store that merges in one step tells no progress: of it, this rule holds only what a run ends with. One that
     * merges in steps is held to what a caller polling the run reads while it merges.
     */
    @Test
    @DisplayName("ING-41: each progress the merge tells is on the run for a poll to read, its profile stage processing and none of those members visible yet; the run ends with membersWritten what it added and updated, and a dry run with none")
    void ing41_mergeProgressIsOnTheRun() {
        ExternalAudiences healthy = domain();
        Caller caller = caller();
        Audience audience = audience(healthy, caller, "crm/progress.csv");
        List<List<String>> rows = rows("progress", 400);
        files.file(caller.scope(), "crm/progress.csv", clock.instant().minusSeconds(60), HEADER, rows.subList(0, 150));
        runToEnd(healthy, caller, audience, true);
        files.file(caller.scope(), "crm/progress.csv", clock.instant().minusSeconds(1), HEADER, rows);
        Map<String, Map<String, String>> before = membersOf(healthy, caller, audience);
        List<Long> told = new ArrayList<>();
        List<IngestionRun> polled = new ArrayList<>();
        List<Map<String, Map<String, String>>> seen = new ArrayList<>();
        StagedMembers watched = progressWatched(progress -> written -> {
            IngestionRuns.RunWrite answer = progress.written(written);
            told.add(written);
            polled.add(healthy.run(caller.scope(), audience.id(),
                    stores.runs().inProgress(caller.scope(), audience.id()).orElseThrow().id()));
            seen.add(membersOf(healthy, caller, audience));
            return answer;
        });
        ExternalAudiences domain = domain(new Stores(stores.audiences(), stores.operations(), stores.runs(),
                watched, stores.members(), stores.idempotencyKeys()), files);

        IngestionRun run = runToEnd(domain, caller, audience, true);

        assertThat(run.status().kind()).as(run.toString()).isEqualTo(RunStatus.Kind.SUCCEEDED);
        assertThat(run.counts().membersWritten()).as("members written, once merged")
                .isEqualTo(run.counts().membersAdded() + run.counts().membersUpdated()).isEqualTo(400);
        for (int i = 0; i < told.size(); i++) {
            IngestionRun then = polled.get(i);
            assertThat(then.counts().membersWritten()).as("the progress polled after " + told.get(i) + " written")
                    .isEqualTo(told.get(i));
            assertThat(then.stage(Stage.PROFILE_STORE_INGEST).status()).isEqualTo(StageStatus.PROCESSING);
            assertThat(then.counts().membersAdded() + then.counts().membersUpdated()).as("counted once merged")
                    .isZero();
            assertThat(seen.get(i)).as("the members while the merge told its progress").isEqualTo(before);
        }
        IngestionRun dry = runToEnd(domain, caller, audience, true, RunEffect.DRY_RUN);
        assertThat(dry.counts().membersWritten()).as("members a dry run wrote").isZero();
        assertThat(dry.counts().membersUpdated()).isEqualTo(400);
    }

    @Test
    @DisplayName("ING-42: a cancel that comes while the merge tells its progress stops the merge there: the merge rolls back whole and the run ends FAILED (CANCELLED), its staging gone")
    void ing42_cancelBetweenTheMergesSteps() {
        ExternalAudiences healthy = domain();
        Caller caller = caller();
        Audience audience = audience(healthy, caller, "crm/stopped.csv");
        files.file(caller.scope(), "crm/stopped.csv", clock.instant().minusSeconds(60), HEADER, List.of(row("kept")));
        runToEnd(healthy, caller, audience, true);
        files.file(caller.scope(), "crm/stopped.csv", clock.instant().minusSeconds(1), HEADER, rows("stopped", 400));
        List<Long> told = new ArrayList<>();
        StagedMembers cancelledWhileMerging = progressWatched(progress -> written -> {
            if (told.isEmpty()) {
                healthy.cancel(caller, audience.id(),
                        stores.runs().inProgress(caller.scope(), audience.id()).orElseThrow().id());
            }
            told.add(written);
            return progress.written(written);
        });
        ExternalAudiences domain = domain(new Stores(stores.audiences(), stores.operations(), stores.runs(),
                cancelledWhileMerging, stores.members(), stores.idempotencyKeys()), files);

        IngestionRun run = runToEnd(domain, caller, audience, false);

        if (told.isEmpty()) {
            // merged in one step: no step between to cancel in
            assertThat(run.status().kind()).as(run.toString()).isEqualTo(RunStatus.Kind.SUCCEEDED);
            return;
        }
        assertThat(told).as("the merge stopped at the progress after the cancel").hasSize(1);
        assertThat(run.failure()).contains(RunFailure.cancelledBy(caller.user()));
        assertThat(membersOf(healthy, caller, audience).keySet()).as("the merge rolled back whole")
                .containsExactly("kept@example.com");
        assertStagingDropped(caller, audience, run);
    }

    @Test
    @DisplayName("ING-27: a cancel racing a run (from its claim to its finish) ends it one way only: cancelled with its members unchanged, or the cancel refused (RUN_ENDED) with the run SUCCESS and its members in")
    void ing27_cancelRacingTheFinish() throws InterruptedException {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/race.csv");
        int rounds = 6;
        for (int round = 0; round < rounds; round++) {
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < 2 * dev.extaudiences.core.service.IngestionEngine.BATCH_SIZE; i++) {
                rows.add(row("round" + round + "-" + i));
            }
            files.file(caller.scope(), "crm/race.csv", clock.instant().minusSeconds(1), HEADER, rows);
            Map<String, Map<String, String>> before = membersOf(domain, caller, audience);
            IngestionRun started = domain.start(caller, audience.id(), RunRequest.ofEpochSeconds(
                    clock.instant().minus(Duration.ofDays(1)).getEpochSecond(), null, false));
            clock.advance(Duration.ofSeconds(5));
            // in odd rounds the cancel waits for the run's worker to claim it: the cancel then meets a run executing
            boolean afterClaim = round % 2 == 1;

            List<Boolean> cancelled = Race.run(2, contender -> contender == 0 ? () -> {
                domain.executePendingRuns();
                return null;
            } : () -> {
                if (afterClaim) {
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> domain.run(
                            caller.scope(), audience.id(), started.id()).stage(Stage.DATASET_INGEST).status()
                            != StageStatus.PENDING);
                }
                try {
                    domain.cancel(caller, audience.id(), started.id());
                    return true;
                } catch (DomainException refused) {
                    assertThat(((DomainError.Unprocessable) refused.error()).reason()).isEqualTo(Refusal.RUN_ENDED);
                    return false;
                }
            });

            domain.executePendingRuns(); // a run the cancel came before is never claimed: nothing is left
            IngestionRun run = domain.run(caller.scope(), audience.id(), started.id());
            if (cancelled.get(1)) {
                assertThat(run.failure()).as(run.toString()).contains(RunFailure.cancelledBy(caller.user()));
                assertThat(membersOf(domain, caller, audience)).as("cancelled: nothing merged").isEqualTo(before);
            } else {
                assertThat(run.status().kind()).as(run.toString()).isEqualTo(RunStatus.Kind.SUCCEEDED);
                assertThat(membersOf(domain, caller, audience)).as("finished: merged").hasSize(rows.size())
                        .containsKey("round" + round + "-0@example.com");
            }
            assertStagingDropped(caller, audience, run);
        }
    }

    private IngestionRun runToEnd(ExternalAudiences domain, Caller caller, Audience audience, boolean differential,
                                  RunEffect effect) {
        IngestionRun started = domain.start(caller, audience.id(), RunRequest.ofEpochSeconds(
                clock.instant().minus(Duration.ofDays(1)).getEpochSecond(), null, differential).withEffect(effect));
        clock.advance(Duration.ofSeconds(5));
        domain.executePendingRuns();
        return domain.run(caller.scope(), audience.id(), started.id());
    }

    /** Every member the audience keeps, live or expired: what a dry run must leave as it was. */
    private List<Member> everyMember(Caller caller, Audience audience) {
        return stores.members().list(caller.scope(), audience.id(), Instant.EPOCH, new PageRequest(0, 1000)).items();
    }

    /** Nothing is staged for the run any longer: a preview of it finds no row. */
    private void assertStagingDropped(Caller caller, Audience audience, IngestionRun run) {
        assertThat(stores.stagedMembers().preview(caller.scope(), audience.id(), run.id(), IngestionMode.DIFFERENTIAL,
                Instant.EPOCH)).as("the run's staging is dropped").isEqualTo(new MergeOutcome(0, 0, 0, 0));
    }

    private static void assertRefused(Runnable call, Refusal reason, String saying) {
        assertThat(catchThrowable(call::run)).isInstanceOfSatisfying(DomainException.class, refused ->
                assertThat(refused.error()).isInstanceOfSatisfying(DomainError.Unprocessable.class, error -> {
                    assertThat(error.reason()).isEqualTo(reason);
                    assertThat(error.explanation()).contains(saying);
                }));
    }

    private static void assertNotFound(Runnable call) {
        assertThat(catchThrowable(call::run)).isInstanceOfSatisfying(DomainException.class, refused ->
                assertThat(refused.error()).isInstanceOf(DomainError.NotFound.class));
    }

    /** Rows of the file for these names: {@code bad} is a row with an invalid value, rejected. */
    private static List<List<String>> rowsOf(List<String> names) {
        return names.stream().map(name -> name.equals("bad")
                ? List.of("bad@example.com", "gold", "not a number", "2025-05-13", "x") : row(name)).toList();
    }

    private static IngestionRun awaitEnded(ExternalAudiences domain, Caller caller, Audience audience,
                                           IngestionRun started) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(
                () -> domain.run(caller.scope(), audience.id(), started.id()), run -> !run.isInProgress());
    }

    private Audience audienceKeyedBy(ExternalAudiences domain, Caller caller, String path, Field identity,
                                     IdentityHandling handling) {
        NewAudience request = NewAudience.minimal("Audience " + path, Fields.of(identity,
                Field.attribute("tier", FieldType.STRING)), SourceSpecRequest.dlz(path, SourceKind.FILE))
                .withIdentityHandling(handling);
        Operation operation = domain.create(caller, request);
        return domain.audience(caller.scope(), domain.operation(caller.scope(), operation.id()).audienceId().orElseThrow());
    }

    @Test
    @DisplayName("ING-31: each identity is normalised by its namespace's rule before it decides membership: forms of one value are one member, found by a lookup in any form, and the run counts what was normalised and what the rule refused")
    void ing31_identitiesNormalisedByNamespace() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience emails = audienceKeyedBy(domain, caller, "crm/emails.csv",
                Field.identity("email", FieldType.STRING, "email"), IdentityHandling.DEFAULT);
        files.file(caller.scope(), "crm/emails.csv", clock.instant().minusSeconds(60), List.of("email", "tier"),
                List.of(List.of(" Ada@Example.COM", "gold"), List.of("ada@example.com", "platinum"),
                        List.of("BOB@example.com", "silver")));

        IngestionRun run = runToEnd(domain, caller, emails, true);

        assertThat(run.status().kind()).as(run.toString()).isEqualTo(RunStatus.Kind.SUCCEEDED);
        assertThat(run.counts().identities()).as("Ada respelled meets Ada as matched: one row collapsed (ING-33)")
                .isEqualTo(new IdentityMatches(2, 0, 1));
        assertThat(run.counts().rowsDuplicated()).as("Ada written twice is one member").isEqualTo(1);
        assertThat(membersOf(domain, caller, emails)).isEqualTo(Map.of(
                "ada@example.com", Map.of("tier", "platinum"), "bob@example.com", Map.of("tier", "silver")));
        for (String written : List.of("ada@example.com", "ADA@EXAMPLE.COM", "  Ada@example.com ")) {
            assertThat(domain.member(caller.scope(), emails.id(), Identity.of("email", written))).as(written)
                    .isPresent();
            assertThat(domain.memberships(caller.scope(), Identity.of("email", written))).as(written)
                    .extracting(Member::audienceId).containsExactly(emails.id());
        }

        Audience hashes = audienceKeyedBy(domain, caller, "crm/hashes.csv",
                Field.identity("hash", FieldType.STRING, "email_lc_sha256"), IdentityHandling.DEFAULT);
        String adaHash = Sha256.hex("ada@example.com");
        files.file(caller.scope(), "crm/hashes.csv", clock.instant().minusSeconds(60), List.of("hash", "tier"),
                List.of(List.of(adaHash.toUpperCase(java.util.Locale.ROOT), "gold"),
                        List.of("ada@example.com", "gold")));

        IngestionRun hashed = runToEnd(domain, caller, hashes, true);

        assertThat(hashed.counts().identities()).isEqualTo(new IdentityMatches(1, 1, 0));
        assertThat(hashed.counts().rowsRejected()).isEqualTo(1);
        assertThat(hashed.rejections()).containsExactly(new RejectedRow("crm/hashes.csv", 3, column("hash"),
                "the identity value is not a SHA-256 hash (64 hexadecimal digits)"));
        assertThat(membersOf(domain, caller, hashes)).containsOnlyKeys(adaHash);
    }

    /** A run of one file, written now, with these identities (one column, {@code id}) and a tier each. */
    private IngestionRun runOf(ExternalAudiences domain, Caller caller, Audience audience, String path,
                               boolean differential, RunEffect effect, String... identities) {
        List<List<String>> rows = new ArrayList<>();
        for (String identity : identities) {
            rows.add(List.of(identity, "gold"));
        }
        files.file(caller.scope(), path, clock.instant().minusSeconds(60), List.of("id", "tier"), rows);
        IngestionRun run = runToEnd(domain, caller, audience, differential, effect);
        assertThat(run.status().kind()).as(run.toString()).isEqualTo(RunStatus.Kind.SUCCEEDED);
        return run;
    }

    private Audience keyedBy(ExternalAudiences domain, Caller caller, String path, String namespace,
                             IdentityHandling handling) {
        return audienceKeyedBy(domain, caller, path, Field.identity("id", FieldType.STRING, namespace), handling);
    }

    /**
     * The definition, example by example. Phone numbers: each of three spellings of one number that is not its E.164
     * form has rows of other spellings beside it, so all three count; written once as E.164 (its matched form, not
     * normalised), that row does not count, and the two others do, since it is a different spelling of theirs.
     */
    @Test
    @DisplayName("ING-33: a run counts the rows normalisation collapsed: a normalised identity that is also a member live before the run, or another row of the run in a different spelling; one spelling alone, or repeated, collapses nothing; a dry run counts the same")
    void ing33_rowsCollapsedByNormalisation() {
        ExternalAudiences domain = domain();
        Caller caller = caller();

        Audience existing = keyedBy(domain, caller, "crm/existing.csv", "email", IdentityHandling.DEFAULT);
        IngestionRun first = runOf(domain, caller, existing, "crm/existing.csv", true, RunEffect.APPLY,
                "ada@example.com", "Bob@Example.com");
        assertThat(first.counts().identities()).as("Bob, normalised, meets no one").isEqualTo(
                new IdentityMatches(1, 0, 0));
        IngestionRun dry = runOf(domain, caller, existing, "crm/existing.csv", true, RunEffect.DRY_RUN,
                "Ada@Example.com", "carol@example.com");
        assertThat(dry.counts().identities()).as("a dry run: Ada respelled meets the live ada")
                .isEqualTo(new IdentityMatches(1, 0, 1));
        IngestionRun second = runOf(domain, caller, existing, "crm/existing.csv", true, RunEffect.APPLY,
                "Ada@Example.com", "carol@example.com");
        assertThat(second.counts().identities()).as("Ada respelled meets the live ada")
                .isEqualTo(new IdentityMatches(1, 0, 1));
        assertThat(second.counts().membersUpdated()).isEqualTo(1);
        IngestionRun full = runOf(domain, caller, existing, "crm/existing.csv", false, RunEffect.APPLY,
                "ADA@example.com", "BOB@example.com", "dave@example.com");
        assertThat(full.counts().identities()).as("a full run: both meet live members")
                .isEqualTo(new IdentityMatches(2, 0, 2));

        Audience pair = keyedBy(domain, caller, "crm/pair.csv", "email", IdentityHandling.DEFAULT);
        assertThat(runOf(domain, caller, pair, "crm/pair.csv", true, RunEffect.APPLY, "ada@example.com",
                "ADA@example.com").counts().identities()).as("two spellings in one new file")
                .isEqualTo(new IdentityMatches(1, 0, 1));

        Audience alone = keyedBy(domain, caller, "crm/alone.csv", "email", IdentityHandling.DEFAULT);
        assertThat(runOf(domain, caller, alone, "crm/alone.csv", true, RunEffect.APPLY, "Ada@Example.com")
                .counts().identities()).as("respelled, alone on a new audience").isEqualTo(
                new IdentityMatches(1, 0, 0));

        Audience twice = keyedBy(domain, caller, "crm/twice.csv", "email", IdentityHandling.DEFAULT);
        IngestionRun repeated = runOf(domain, caller, twice, "crm/twice.csv", true, RunEffect.APPLY,
                "Ada@Example.com", " Ada@Example.com ");
        assertThat(repeated.counts().identities()).as("one spelling twice: a duplicate, not a collapse")
                .isEqualTo(new IdentityMatches(2, 0, 0));
        assertThat(repeated.counts().rowsDuplicated()).isEqualTo(1);

        Audience phones = keyedBy(domain, caller, "crm/phones.csv", "phone", IdentityHandling.DEFAULT);
        assertThat(runOf(domain, caller, phones, "crm/phones.csv", false, RunEffect.APPLY, "+1 650-253-0000",
                "+1 (650) 253-0000", "+1.650.253.0000").counts().identities()).as("three spellings, none E.164")
                .isEqualTo(new IdentityMatches(3, 0, 3));
        assertThat(membersOf(domain, caller, phones)).containsOnlyKeys("+16502530000");
        Audience phonesE164 = keyedBy(domain, caller, "crm/phones-e164.csv", "phone", IdentityHandling.DEFAULT);
        assertThat(runOf(domain, caller, phonesE164, "crm/phones-e164.csv", true, RunEffect.APPLY, "+16502530000",
                "+1 650 253 0000", "+1-650-253-0000").counts().identities()).as("three spellings, one E.164")
                .isEqualTo(new IdentityMatches(2, 0, 2));

        Audience hashed = keyedBy(domain, caller, "crm/hashed-pair.csv", "email",
                IdentityHandling.DEFAULT.withStorage(IdentityStorage.SHA256_OF_NORMALISED));
        assertThat(runOf(domain, caller, hashed, "crm/hashed-pair.csv", true, RunEffect.APPLY, "ada@example.com",
                "ADA@example.com", "Bob@example.com").counts().identities())
                .as("hashed at rest: spellings compared as hashes").isEqualTo(new IdentityMatches(2, 0, 1));

        Audience expired = keyedBy(domain, caller, "crm/expired.csv", "email", IdentityHandling.DEFAULT);
        runOf(domain, caller, expired, "crm/expired.csv", true, RunEffect.APPLY, "ada@example.com");
        clock.advance(Duration.ofDays(31));
        assertThat(runOf(domain, caller, expired, "crm/expired.csv", true, RunEffect.APPLY, "Ada@Example.com")
                .counts().identities()).as("a member expired before the run is not live").isEqualTo(
                new IdentityMatches(1, 0, 0));
    }

    /** One generated case of ING-34: members written before (as matched), the hours since, the next file's rows. */
    private record RespellingCase(List<String> earlier, int hoursLater, List<String> incoming, boolean differential) {
    }

    @Test
    @DisplayName("ING-34: for any earlier members (live or expired) and any file of emails in mixed spellings, a run counts as collapsed exactly the normalised rows that meet a live member or another spelling of theirs, never more than it normalised, and its dry run counts the same")
    void ing34_collapsedRowsMatchTheDefinition() {
        Gen<List<String>> earlier = lists().of(Generate.pick(List.of("ada@example.com", "bob@example.com")))
                .ofSizeBetween(0, 2);
        Gen<List<String>> incoming = lists().of(Generate.pick(List.of("ada@example.com", "Ada@example.com",
                "ADA@EXAMPLE.COM", " ada@example.com ", " Ada@example.com", "bob@example.com", "BOB@example.com",
                "cy@example.com", "Cy@Example.com", "cy@EXAMPLE.com"))).ofSizeBetween(0, 8);
        // a member written before is live, or expired by the 30-day TTL, when the next run comes
        Gen<Integer> hours = Generate.pick(List.of(1, 24 * 31));
        ExternalAudiences domain = domain();
        Property.forAll(30, earlier.zip(hours, incoming, Generate.booleans(), RespellingCase::new), sample -> {
            Caller caller = caller();
            Audience audience = keyedBy(domain, caller, "crm/spellings.csv", "email", IdentityHandling.DEFAULT);
            runOf(domain, caller, audience, "crm/spellings.csv", true, RunEffect.APPLY,
                    sample.earlier().toArray(String[]::new));
            clock.advance(Duration.ofHours(sample.hoursLater()));
            Set<String> live = sample.hoursLater() < 24 * 30 ? Set.copyOf(sample.earlier())
                    : Set.of();
            // the definition, by hand: each matched identity's rows, by spelling (empty: written as it is matched)
            Map<String, List<Optional<String>>> spellings = new TreeMap<>();
            for (String written : sample.incoming()) {
                String matched = written.strip().toLowerCase(java.util.Locale.ROOT);
                spellings.computeIfAbsent(matched, key -> new ArrayList<>()).add(
                        matched.equals(written.strip()) ? Optional.empty() : Optional.of(written.strip()));
            }
            long normalised = 0;
            long collapsed = 0;
            for (Map.Entry<String, List<Optional<String>>> identity : spellings.entrySet()) {
                long respelled = identity.getValue().stream().filter(Optional::isPresent).count();
                normalised += respelled;
                if (live.contains(identity.getKey()) || identity.getValue().stream().distinct().count() > 1) {
                    collapsed += respelled;
                }
            }
            String[] rows = sample.incoming().toArray(String[]::new);

            IngestionRun dry = runOf(domain, caller, audience, "crm/spellings.csv", sample.differential(),
                    RunEffect.DRY_RUN, rows);
            IngestionRun real = runOf(domain, caller, audience, "crm/spellings.csv", sample.differential(),
                    RunEffect.APPLY, rows);

            assertThat(real.counts().identities()).as(sample.toString())
                    .isEqualTo(new IdentityMatches(normalised, 0, collapsed));
            assertThat(real.counts().identities().collapsed()).isLessThanOrEqualTo(normalised);
            assertThat(dry.counts().identities()).as("the dry run's").isEqualTo(real.counts().identities());
        });
    }

    @Test
    @DisplayName("ING-32: an audience hashed at rest stores only the SHA-256 of each normalised identity, finds it by any form of the value, and cannot stop hashing once it has members")
    void ing32_hashedAtRest() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        IdentityHandling hashing = IdentityHandling.DEFAULT.withStorage(IdentityStorage.SHA256_OF_NORMALISED);
        Audience audience = audienceKeyedBy(domain, caller, "crm/hashed.csv",
                Field.identity("email", FieldType.STRING, "email"), hashing);
        assertThat(audience.identityHandling()).isEqualTo(hashing);
        files.file(caller.scope(), "crm/hashed.csv", clock.instant().minusSeconds(60), List.of("email", "tier"),
                List.of(List.of(" Ada@Example.com", "gold")));

        IngestionRun run = runToEnd(domain, caller, audience, true);

        assertThat(run.status().kind()).as(run.toString()).isEqualTo(RunStatus.Kind.SUCCEEDED);
        String adaHash = Sha256.hex("ada@example.com");
        assertThat(membersOf(domain, caller, audience)).isEqualTo(Map.of(adaHash, Map.of("tier", "gold")));
        assertThat(domain.member(caller.scope(), audience.id(), Identity.of("email", "ADA@example.com")))
                .map(member -> member.identity().value()).contains(adaHash);
        assertThat(domain.memberships(caller.scope(), Identity.of("email", "ada@EXAMPLE.com")))
                .extracting(Member::audienceId).containsExactly(audience.id());

        Throwable refused = catchThrowable(() -> domain.update(caller, audience.id(),
                AudiencePatch.NONE.withIdentityStorage(IdentityStorage.NORMALISED)));
        assertThat(refused).isInstanceOf(DomainException.class);
        assertThat(((DomainException) refused).error()).isInstanceOfSatisfying(DomainError.Unprocessable.class,
                error -> {
                    assertThat(error.reason()).isEqualTo(Refusal.IDENTITY_STORAGE_LOCKED);
                    assertThat(error.explanation()).contains("hashedAtRest");
                });
        assertThat(domain.audience(caller.scope(), audience.id()).identityHandling()).isEqualTo(hashing);

        Audience empty = audienceKeyedBy(domain, caller, "crm/none-yet.csv",
                Field.identity("email", FieldType.STRING, "email"), IdentityHandling.DEFAULT);
        Audience switched = domain.update(caller, empty.id(),
                AudiencePatch.NONE.withIdentityStorage(IdentityStorage.SHA256_OF_NORMALISED));
        assertThat(domain.audience(caller.scope(), empty.id()).identityHandling()).isEqualTo(hashing);
        assertThat(switched.identityHandling()).isEqualTo(hashing);
    }

    @Test
    @DisplayName("ING-30: after a full run, the rows of the membership it replaced are gone within seconds, with no sweep, while the run reads SUCCESS")
    void ing30_replacedRowsGoAfterAFullRun() {
        ExternalAudiences domain = domain(); // its own housekeeping thread, as a server has; no sweep ever runs here
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/full.csv");
        List<List<String>> first = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            first.add(row("first" + i));
        }
        files.file(caller.scope(), "crm/full.csv", clock.instant().minusSeconds(60), HEADER, first);
        assertThat(runToEnd(domain, caller, audience, false).status().kind()).isEqualTo(RunStatus.Kind.SUCCEEDED);
        files.file(caller.scope(), "crm/full.csv", clock.instant().minusSeconds(1), HEADER,
                List.of(row("first0"), row("second")));

        IngestionRun replacing = runToEnd(domain, caller, audience, false);

        assertThat(replacing.status().kind()).as(replacing.toString()).isEqualTo(RunStatus.Kind.SUCCEEDED);
        assertThat(await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(
                () -> stores.members().storedRows(caller.scope(), audience.id()), rows -> rows <= 2))
                .as("rows stored after the run").isEqualTo(2);
        assertThat(membersOf(domain, caller, audience).keySet()).containsExactly("first0@example.com",
                "second@example.com");
    }

    @Test
    @DisplayName("ING-40: a value holding a NUL character is a rejected row naming its column, on every store; a NUL in a column the audience does not keep is no reason to reject")
    void ing40_aNulCharacterIsARejectedRow() {
        ExternalAudiences domain = domain();
        Caller caller = caller();
        Audience audience = audience(domain, caller, "crm/nul.csv");
        // PostgreSQL's text holds no U+0000: let through, the row failed the whole run at the merge
        files.file(caller.scope(), "crm/nul.csv", clock.instant().minusSeconds(60), HEADER, List.of(
                List.of("ada@example.com", "go\u0000ld", "1", "2025-05-13", "x"),
                List.of("bob\u0000@example.com", "gold", "1", "2025-05-13", "x"),
                List.of("cy@example.com", "gold", "1", "2025-05-13", "not\u0000kept")));

        IngestionRun run = runToEnd(domain, caller, audience, true);

        assertThat(run.status().kind()).as(run.toString()).isEqualTo(RunStatus.Kind.SUCCEEDED);
        assertThat(run.counts().rowsRejected()).isEqualTo(2);
        assertThat(run.rejections()).containsExactly(
                new RejectedRow("crm/nul.csv", 2, column("tier"), RowRules.NUL_REASON),
                new RejectedRow("crm/nul.csv", 3, column("email"), RowRules.NUL_REASON));
        assertThat(membersOf(domain, caller, audience).keySet()).containsExactly("cy@example.com");
    }

    /**
     * The staged members store, recording stage and discard calls by run; {@code onFirstStage} runs before the
     * audience's first.
     */
    private static StagedMembers recording(StagedMembers staging, List<String> calls, AudienceId audience,
                                           Runnable onFirstStage) {
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        return intercepted(staging, (method, args) -> {
            if (method.equals("stage") && audience.equals(args[1]) && first.getAndSet(false)) {
                onFirstStage.run();
            }
            if (method.equals("stage") || method.equals("discard")) {
                calls.add(method + " " + args[2]);
            }
        });
    }

    /** The staged members store, but the second batch staged fails as a database that went away would. */
    /** Fails the second batch staged; {@code stages} counts the batches handed to the store. */
    private static StagedMembers failingOnSecondStage(StagedMembers staging,
                                                      java.util.concurrent.atomic.AtomicInteger stages) {
        return intercepted(staging, (method, args) -> {
            if (method.equals("stage") && stages.incrementAndGet() == 2) {
                throw new DomainException(new DomainError.DependencyFailed("database", "the database went away"));
            }
        });
    }

    /** The staged members store, with {@code before} seeing (and able to refuse) every call by name and arguments. */
    private static StagedMembers intercepted(StagedMembers staging,
                                             java.util.function.BiConsumer<String, Object[]> before) {
        return intercepted(StagedMembers.class, staging, before);
    }

    /** A store, with {@code before} seeing (and able to refuse) every call by method name and arguments. */
    private static <T> T intercepted(Class<T> port, T store, java.util.function.BiConsumer<String, Object[]> before) {
        return port.cast(java.lang.reflect.Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
                (proxy, method, args) -> {
                    before.accept(method.getName(), args == null ? new Object[0] : args);
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException thrown) {
                        throw thrown.getCause();
                    }
                }));
    }

    /** The staged members store, with the progress of every merge it is asked for passed through {@code watch}. */
    private StagedMembers progressWatched(java.util.function.UnaryOperator<StagedMembers.Progress> watch) {
        return intercepted(stores.stagedMembers(), (method, args) -> {
            if (method.equals("mergeAndFinish")) {
                args[6] = watch.apply((StagedMembers.Progress) args[6]);
            }
        });
    }

    /** {@code count} valid rows, of members {@code prefix0} on. */
    private static List<List<String>> rows(String prefix, int count) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row(prefix + i));
        }
        return rows;
    }

    /** Enough valid rows for {@code batches} full batches of the engine's. */
    private static List<List<String>> batchesOfRows(int batches) {
        return validRows(batches * dev.extaudiences.core.service.IngestionEngine.BATCH_SIZE);
    }

    /** {@code count} valid rows, each of its own member. */
    private static List<List<String>> validRows(int count) {
        List<List<String>> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(row("member" + i));
        }
        return rows;
    }

    /**
     * Rows the engine hands to the store in {@code writes} writes: full writes of what the store takes best in one
     * ({@link StagedMembers#membersPerWrite()}, a whole number of the engine's batches), then a last one of a single
     * batch.
     */
    private List<List<String>> stagingWritesOfRows(int writes) {
        int lastWrite = dev.extaudiences.core.service.IngestionEngine.BATCH_SIZE;
        return validRows((writes - 1) * rowsPerStagingWrite() + lastWrite);
    }

    /** Rows of one identity each in a full staging write: the store's number rounded up to whole batches. */
    private int rowsPerStagingWrite() {
        int batch = dev.extaudiences.core.service.IngestionEngine.BATCH_SIZE;
        return Math.max(1, (stores.stagedMembers().membersPerWrite() + batch - 1) / batch) * batch;
    }

    private static List<String> row(String name) {
        return List.of(name + "@example.com", "gold", "1", "2025-05-13", "x");
    }

    /** The part of a row a rejection of this field's value names. */
    private static RowPart column(String field) {
        return RowPart.column(new FieldName(field));
    }
}
