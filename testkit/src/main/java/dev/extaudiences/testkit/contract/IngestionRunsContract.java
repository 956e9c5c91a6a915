package dev.extaudiences.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Refusal;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.IngestionRuns.RunWrite;
import dev.extaudiences.core.run.RunsByStatus;
import dev.extaudiences.core.run.IdentityMatches;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunEffect;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.RunFilter;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.run.RunSort;
import dev.extaudiences.core.run.RunStatus;
import dev.extaudiences.core.run.RunWindow;
import dev.extaudiences.core.run.Stage;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.Race;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** What every {@link IngestionRuns} store guarantees. Rule ids are stable: RUN-nn. */
public abstract class IngestionRunsContract extends StoresContract {

    private static final UserId STARTER = new UserId("starter@example.com");

    private IngestionRuns runs() {
        return stores.runs();
    }

    private static IngestionRun newRun(Audience audience, Instant at) {
        return IngestionRun.start(new RunId(UUID.randomUUID().toString()), audience,
                new RunRequest(new RunWindow(at.minusSeconds(3600), Optional.empty()), IngestionMode.DIFFERENTIAL),
                new Stamp(STARTER, at), UUID.randomUUID().toString(), UUID.randomUUID().toString());
    }

    private static IngestionRun ended(IngestionRun run, Instant at) {
        return run.on(new RunEvent.Abandoned(new RunFailure(RunFailure.Cause.INTERRUPTED, "test")), at);
    }

    private static IngestionRun succeeded(IngestionRun run, Instant at) {
        IngestionRun done = run.on(new RunEvent.StageStarted(Stage.DATASET_INGEST), at)
                .on(new RunEvent.StageSucceeded(Stage.DATASET_INGEST), at);
        return done.isInProgress() ? done.on(new RunEvent.StageStarted(Stage.PROFILE_STORE_INGEST), at)
                .on(new RunEvent.StageSucceeded(Stage.PROFILE_STORE_INGEST), at) : done;
    }

    @Test
    @DisplayName("RUN-01: a stored run reads back equal, under its own scope and audience only")
    void run01_roundTrip() {
        Audience audience = storedAudience();
        Audience other = storedAudience(audience.scope());
        IngestionRun run = newRun(audience, Generators.EPOCH);

        runs().add(run);

        assertThat(runs().find(audience.scope(), audience.id(), run.id())).contains(run);
        assertThat(runs().find(audience.scope(), other.id(), run.id())).isEmpty();
        assertThat(runs().find(freshScope(), audience.id(), run.id())).isEmpty();
        assertThat(runs().inProgress(audience.scope(), audience.id())).contains(run);
    }

    @Test
    @DisplayName("RUN-02: a run cannot be added while another run of the audience is in progress (RUN_IN_PROGRESS)")
    void run02_oneInProgressPerAudience() {
        Audience audience = storedAudience();
        IngestionRun first = newRun(audience, Generators.EPOCH);
        runs().add(first);
        IngestionRun second = newRun(audience, Generators.EPOCH.plusSeconds(1));

        Throwable refused = catchThrowable(() -> runs().add(second));

        assertThat(refused).isInstanceOf(DomainException.class);
        assertThat(((DomainException) refused).error()).isInstanceOfSatisfying(DomainError.Unprocessable.class,
                error -> assertThat(error.reason()).isEqualTo(Refusal.RUN_IN_PROGRESS));
        assertThat(runs().find(audience.scope(), audience.id(), second.id())).isEmpty();

        runs().update(ended(first, Generators.EPOCH.plusSeconds(2)));
        runs().add(second);
        assertThat(runs().inProgress(audience.scope(), audience.id())).contains(second);
    }

    @Test
    @DisplayName("RUN-03: of many concurrent adds for one audience, exactly one wins; other audiences are not blocked")
    void run03_concurrentAddsOneWinner() throws Exception {
        Audience audience = storedAudience();
        Audience neighbour = storedAudience(audience.scope());

        List<Boolean> added = Race.run(8, i -> {
            IngestionRun contender = newRun(audience, Generators.EPOCH.plusMillis(i));
            return () -> {
                try {
                    runs().add(contender);
                    return true;
                } catch (DomainException inProgress) {
                    return false;
                }
            };
        });

        assertThat(added).filteredOn(Boolean::booleanValue).as("winners").hasSize(1);
        runs().add(newRun(neighbour, Generators.EPOCH));
        assertThat(runs().inProgress(neighbour.scope(), neighbour.id())).isPresent();
    }

    @Test
    @DisplayName("RUN-04: an ended run is final: storing another state of it answers ALREADY_ENDED and changes nothing")
    void run04_endedRunIsFinal() {
        Audience audience = storedAudience();
        IngestionRun run = newRun(audience, Generators.EPOCH);
        runs().add(run);
        IngestionRun failed = ended(run, Generators.EPOCH.plusSeconds(5));
        assertThat(runs().update(failed)).isEqualTo(RunWrite.WRITTEN);
        IngestionRun revived = run.on(new RunEvent.StageStarted(Stage.DATASET_INGEST), Generators.EPOCH.plusSeconds(6));

        RunWrite refused = runs().update(revived);

        assertThat(refused).isEqualTo(RunWrite.ALREADY_ENDED);
        assertThat(runs().update(ended(run, Generators.EPOCH.plusSeconds(7)))).as("ended again")
                .isEqualTo(RunWrite.ALREADY_ENDED);
        assertThat(runs().find(audience.scope(), audience.id(), run.id())).contains(failed);
        assertThat(runs().inProgress(audience.scope(), audience.id())).isEmpty();
    }

    @Test
    @DisplayName("RUN-15: storing a state of a run that is not stored (never added, or removed with its audience) answers GONE and stores nothing")
    void run15_goneRunIsNotStored() {
        Audience audience = storedAudience();
        IngestionRun neverAdded = newRun(audience, Generators.EPOCH);
        IngestionRun removed = newRun(audience, Generators.EPOCH.plusSeconds(1));
        runs().add(removed);
        runs().removeAll(audience.scope(), audience.id());

        assertThat(runs().update(neverAdded.on(new RunEvent.StageStarted(Stage.DATASET_INGEST),
                Generators.EPOCH.plusSeconds(2)))).isEqualTo(RunWrite.GONE);
        assertThat(runs().update(ended(removed, Generators.EPOCH.plusSeconds(3)))).isEqualTo(RunWrite.GONE);

        assertThat(runs().find(audience.scope(), audience.id(), neverAdded.id())).isEmpty();
        assertThat(runs().find(audience.scope(), audience.id(), removed.id())).isEmpty();
        assertThat(runs().inProgress(audience.scope(), audience.id())).isEmpty();
    }

    @Test
    @DisplayName("RUN-17: what the identity namespaces' rules did in a run (identities normalised, rows they refused, rows normalisation collapsed) is stored with its counts and reads back")
    void run17_identityMatchesStored() {
        Audience audience = storedAudience();
        IngestionRun run = newRun(audience, Generators.EPOCH);
        runs().add(run);
        IngestionRun started = run.on(new RunEvent.StageStarted(Stage.DATASET_INGEST), Generators.EPOCH.plusSeconds(1));
        IngestionRun progressed = started.on(new RunEvent.Progressed(started.counts().plusRows(10, 4, 1)
                .plusIdentities(new IdentityMatches(6, 3, 2))), Generators.EPOCH.plusSeconds(2));

        assertThat(runs().update(started)).isEqualTo(RunWrite.WRITTEN);
        assertThat(runs().update(progressed)).isEqualTo(RunWrite.WRITTEN);

        IngestionRun read = runs().find(audience.scope(), audience.id(), run.id()).orElseThrow();
        assertThat(read.counts().identities()).isEqualTo(new IdentityMatches(6, 3, 2));
        assertThat(read).isEqualTo(progressed);
    }

    @Test
    @DisplayName("RUN-05: a runs list holds exactly the matching runs, in the query's order, sliced by start and limit")
    void run05_listMatchesReference() {
        Audience example = storedAudience();
        for (int i = 0; i < 3; i++) {
            IngestionRun run = newRun(example, Generators.EPOCH.plusSeconds(i));
            runs().add(run);
            runs().update(ended(run, run.created().at().plusSeconds(1)));
        }
        Page<IngestionRun> firstTwo = runs().list(example.scope(), example.id(),
                new RunQuery(2, 0, RunSort.DEFAULT, List.of()));
        assertThat(firstTwo.items()).as("limit").hasSize(2);
        assertThat(firstTwo.totalCount()).isEqualTo(3);
        assertThat(runs().list(example.scope(), example.id(), new RunQuery(2, 2, RunSort.DEFAULT, List.of())).items())
                .as("start").hasSize(1);

        Gen<RunQuery> queries = integers().between(1, 6).zip(integers().between(0, 6), sorts(),
                lists().of(filters()).ofSizeBetween(0, 2), (limit, start, sort, filters) -> new RunQuery(limit, start, sort, filters));
        Property.forAll(30, integers().between(0, 7).zip(queries, (count, query) -> Map.entry(count, query)), shape -> {
            Audience audience = storedAudience();
            List<IngestionRun> all = new ArrayList<>();
            for (int i = 0; i < shape.getKey(); i++) {
                IngestionRun run = newRun(audience, Generators.EPOCH.plusSeconds(i * 600L));
                runs().add(run);
                boolean last = i + 1 == shape.getKey();
                IngestionRun stored = last && i % 2 == 0 ? run
                        : i % 3 == 0 ? ended(run, run.created().at().plusSeconds(60))
                        : succeeded(run, run.created().at().plusSeconds(30));
                if (stored != run) {
                    runs().update(stored);
                }
                all.add(stored);
            }
            RunQuery query = shape.getValue();
            List<IngestionRun> expected = all.stream().filter(query::matches).sorted(query.sort().comparator()).toList();

            Page<IngestionRun> page = runs().list(audience.scope(), audience.id(), query);

            assertThat(page.totalCount()).isEqualTo(expected.size());
            int from = (int) Math.min(query.start(), expected.size());
            assertThat(page.items()).containsExactlyElementsOf(
                    expected.subList(from, Math.min(from + query.limit(), expected.size())));
        });
    }

    @Test
    @DisplayName("RUN-06: runs created since an instant are counted per audience and per sandbox, never across scopes")
    void run06_countsSince() {
        Audience audience = storedAudience();
        Audience sibling = storedAudience(audience.scope());
        Audience stranger = storedAudience(new TenantScope(audience.scope().orgId(), "elsewhere"));
        Instant dayStart = Generators.EPOCH;
        for (IngestionRun run : List.of(newRun(audience, dayStart.minusSeconds(1)), newRun(sibling, dayStart),
                newRun(stranger, dayStart.plusSeconds(10)))) {
            runs().add(run);
            runs().update(ended(run, run.created().at().plusSeconds(1)));
        }
        runs().add(newRun(audience, dayStart.plusSeconds(20)));

        assertThat(runs().countCreatedSince(audience.scope(), audience.id(), dayStart)).isEqualTo(1);
        assertThat(runs().countCreatedSince(audience.scope(), sibling.id(), dayStart)).isEqualTo(1);
        assertThat(runs().countCreatedSince(audience.scope(), dayStart)).isEqualTo(2);
        assertThat(runs().countCreatedSince(audience.scope(), dayStart.minusSeconds(1))).isEqualTo(3);
        assertThat(runs().countCreatedSince(stranger.scope(), dayStart)).isEqualTo(1);
    }

    @Test
    @DisplayName("RUN-07: removing an audience's runs removes those and no others")
    void run07_removeAllOfOneAudience() {
        Audience audience = storedAudience();
        Audience sibling = storedAudience(audience.scope());
        IngestionRun doomed = newRun(audience, Generators.EPOCH);
        IngestionRun kept = newRun(sibling, Generators.EPOCH);
        runs().add(doomed);
        runs().add(kept);

        runs().removeAll(audience.scope(), audience.id());

        assertThat(runs().find(audience.scope(), audience.id(), doomed.id())).isEmpty();
        assertThat(runs().inProgress(audience.scope(), audience.id())).isEmpty();
        assertThat(runs().find(sibling.scope(), sibling.id(), kept.id())).contains(kept);
    }

    @Test
    @DisplayName("RUN-08: under any interleaving of starts and completions, at most one run per audience is in progress")
    void run08_randomInterleavings() {
        Gen<List<int[]>> steps = lists().of(integers().between(0, 1).zip(integers().between(0, 2),
                (action, audience) -> new int[] {action, audience})).ofSizeBetween(1, 25);
        Property.forAll(40, steps, plan -> {
            TenantScope scope = freshScope();
            List<Audience> audiences = List.of(storedAudience(scope), storedAudience(scope), storedAudience(scope));
            Instant at = Generators.EPOCH;
            for (int[] step : plan) {
                Audience audience = audiences.get(step[1]);
                Optional<IngestionRun> running = runs().inProgress(scope, audience.id());
                at = at.plusSeconds(1);
                if (step[0] == 0) {
                    IngestionRun candidate = newRun(audience, at);
                    Throwable outcome = catchThrowable(() -> runs().add(candidate));
                    assertThat(outcome == null).as("start accepted iff none was in progress").isEqualTo(running.isEmpty());
                } else if (running.isPresent()) {
                    runs().update(ended(running.get(), at));
                }
                for (Audience each : audiences) {
                    long inProgress = runs().list(scope, each.id(), new RunQuery(RunQuery.MAX_LIMIT, 0, RunSort.DEFAULT,
                            List.of(new RunFilter.OnStatus(Set.of(RunStatus.Kind.PROCESSING))))).totalCount();
                    assertThat(inProgress).isLessThanOrEqualTo(1);
                }
            }
        });
    }

    @Test
    @DisplayName("RUN-09: runs in progress are claimed oldest first, each by one worker only, even by racing workers")
    void run09_claimsAreExclusive() throws Exception {
        TenantScope scope = freshScope();
        List<IngestionRun> started = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            IngestionRun run = newRun(storedAudience(scope), Generators.EPOCH.minusSeconds(1_000_000 - i));
            runs().add(run);
            started.add(run);
        }
        Instant until = Generators.EPOCH.plusSeconds(600);

        List<List<RunId>> claims = Race.run(4, worker -> () -> {
            List<RunId> mine = new ArrayList<>();
            Optional<IngestionRun> claimed;
            while ((claimed = runs().claimNext("worker-" + worker, until)).isPresent()) {
                if (claimed.get().scope().equals(scope)) {
                    mine.add(claimed.get().id());
                }
            }
            return mine;
        });

        assertThat(claims.stream().flatMap(List::stream)).as("every run claimed exactly once")
                .containsExactlyInAnyOrderElementsOf(started.stream().map(IngestionRun::id).toList());
        assertThat(runs().claimNext("late-worker", until).filter(run -> run.scope().equals(scope))).isEmpty();
    }

    @Test
    @DisplayName("RUN-10: only the lease holder renews; a lease that lapsed shows the run as lapsed; an ended run is neither")
    void run10_leases() {
        Audience audience = storedAudience();
        IngestionRun run = newRun(audience, Generators.EPOCH.minusSeconds(2_000_000));
        runs().add(run);
        Instant now = Generators.EPOCH;
        IngestionRun claimed = runs().claimNext("holder", now.plusSeconds(60)).filter(r -> r.id().equals(run.id()))
                .orElseGet(() -> claimUntilFound(run, now.plusSeconds(60)));

        assertThat(runs().renewLease(claimed, "holder", now.plusSeconds(120))).isTrue();
        assertThat(runs().renewLease(claimed, "intruder", now.plusSeconds(120))).isFalse();
        assertThat(runs().lapsed(now.plusSeconds(100), 1000)).extracting(IngestionRun::id).doesNotContain(run.id());
        assertThat(runs().lapsed(now.plusSeconds(121), 1000)).extracting(IngestionRun::id).contains(run.id());

        runs().update(ended(claimed, now.plusSeconds(130)));
        assertThat(runs().renewLease(claimed, "holder", now.plusSeconds(500))).isFalse();
        assertThat(runs().lapsed(now.plusSeconds(1000), 1000)).extracting(IngestionRun::id).doesNotContain(run.id());
    }

    @Test
    @DisplayName("RUN-11: runs are counted by status across scopes, each run once, under its current status")
    void run11_countsByStatus() {
        RunsByStatus before = runs().countByStatus();
        Audience first = storedAudience();
        Audience second = storedAudience();
        IngestionRun running = newRun(first, Generators.EPOCH);
        IngestionRun failing = newRun(second, Generators.EPOCH);
        runs().add(running);
        runs().add(failing);
        runs().update(ended(failing, Generators.EPOCH.plusSeconds(1)));

        RunsByStatus after = runs().countByStatus();

        assertThat(after.processing() - before.processing()).isEqualTo(1);
        assertThat(after.failed() - before.failed()).isEqualTo(1);
        assertThat(after.succeeded()).isEqualTo(before.succeeded());
    }

    @Test
    @DisplayName("RUN-12: of concurrent adds on as many audiences of one sandbox, exactly as many as its daily limit are accepted; the rest are refused naming the sandbox guardrail")
    void run12_sandboxGuardrailUnderRace() throws Exception {
        TenantScope scope = freshScope();
        int contenders = 16;
        int limit = 5;
        RunGuardrails guardrails = new RunGuardrails(100, limit);
        List<Audience> audiences = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            audiences.add(storedAudience(scope));
        }
        Instant day = RunGuardrails.dayStart(Generators.EPOCH);

        List<Optional<DomainError>> all = Race.run(contenders, i -> {
            IngestionRun contender = newRun(audiences.get(i), day.plusSeconds(60 + i));
            return () -> {
                try {
                    runs().add(contender, guardrails);
                    return Optional.empty();
                } catch (DomainException refused) {
                    return Optional.of(refused.error());
                }
            };
        });

        assertThat(all).filteredOn(Optional::isEmpty).as("accepted").hasSize(limit);
        assertThat(all).filteredOn(Optional::isPresent).hasSize(contenders - limit).allSatisfy(refusal ->
                assertThat(refusal.get()).isInstanceOfSatisfying(DomainError.Unprocessable.class, error -> {
                    assertThat(error.reason()).isEqualTo(Refusal.SANDBOX_RUN_GUARDRAIL);
                    assertThat(error.explanation()).contains("sandbox").contains(String.valueOf(limit));
                }));
        assertThat(runs().countCreatedSince(scope, day)).as("refused runs are not stored").isEqualTo(limit);
        Audience late = audiences.get(contenders - 1);
        Optional<IngestionRun> lateRunning = runs().inProgress(scope, late.id());
        lateRunning.ifPresent(running -> runs().update(ended(running, day.plusSeconds(3600))));
        runs().add(newRun(late, day.plus(java.time.Duration.ofDays(1))), guardrails);
        runs().add(newRun(storedAudience(freshScope()), day.plusSeconds(120)), guardrails);
    }

    @Test
    @DisplayName("RUN-13: an audience's runs of one UTC day stop at its daily limit (AUDIENCE_RUN_GUARDRAIL), decided by the store; a refused run counts for nothing; the next day starts afresh")
    void run13_audienceGuardrail() {
        TenantScope scope = freshScope();
        Audience audience = storedAudience(scope);
        Audience sibling = storedAudience(scope);
        RunGuardrails guardrails = new RunGuardrails(2, 3);
        Instant day = RunGuardrails.dayStart(Generators.EPOCH);
        for (int i = 0; i < 2; i++) {
            IngestionRun run = newRun(audience, day.plusSeconds(10L * i));
            runs().add(run, guardrails);
            runs().update(ended(run, run.created().at().plusSeconds(1)));
        }

        Throwable refused = catchThrowable(() -> runs().add(newRun(audience, day.plusSeconds(100)), guardrails));

        assertThat(refused).isInstanceOf(DomainException.class);
        assertThat(((DomainException) refused).error()).isInstanceOfSatisfying(DomainError.Unprocessable.class,
                error -> assertThat(error.reason()).isEqualTo(Refusal.AUDIENCE_RUN_GUARDRAIL));
        assertThat(runs().inProgress(scope, audience.id())).isEmpty();
        IngestionRun third = newRun(sibling, day.plusSeconds(200));
        runs().add(third, guardrails);
        runs().update(ended(third, third.created().at().plusSeconds(1)));
        Throwable sandboxFull = catchThrowable(() -> runs().add(newRun(sibling, day.plusSeconds(300)), guardrails));
        assertThat(((DomainException) sandboxFull).error()).isInstanceOfSatisfying(DomainError.Unprocessable.class,
                error -> assertThat(error.reason()).isEqualTo(Refusal.SANDBOX_RUN_GUARDRAIL));
        runs().add(newRun(audience, day.plus(java.time.Duration.ofDays(1))), guardrails);
        assertThat(runs().inProgress(scope, audience.id())).isPresent();
    }

    @Test
    @DisplayName("RUN-16: a dry run is stored as one and counts against its sandbox's day, never its audience's: an audience at its daily limit still takes dry runs, and they leave room for none of its runs")
    void run16_dryRunsCountForTheSandboxOnly() {
        TenantScope scope = freshScope();
        Audience audience = storedAudience(scope);
        RunGuardrails guardrails = new RunGuardrails(1, 4);
        Instant day = RunGuardrails.dayStart(Generators.EPOCH);
        IngestionRun dry = dryRun(audience, day.plusSeconds(10));
        runs().add(dry, guardrails);
        assertThat(runs().find(scope, audience.id(), dry.id())).as("stored as a dry run").contains(dry);
        runs().update(ended(dry, day.plusSeconds(11)));
        IngestionRun applied = newRun(audience, day.plusSeconds(20));
        runs().add(applied, guardrails);
        runs().update(ended(applied, day.plusSeconds(21)));

        IngestionRun secondDry = dryRun(audience, day.plusSeconds(30));
        runs().add(secondDry, guardrails);
        runs().update(ended(secondDry, day.plusSeconds(31)));
        Throwable audienceFull = catchThrowable(() -> runs().add(newRun(audience, day.plusSeconds(40)), guardrails));
        assertThat(((DomainException) audienceFull).error()).isInstanceOfSatisfying(DomainError.Unprocessable.class,
                error -> assertThat(error.reason()).isEqualTo(Refusal.AUDIENCE_RUN_GUARDRAIL));

        runs().add(dryRun(audience, day.plusSeconds(50)), guardrails);
        runs().update(ended(runs().inProgress(scope, audience.id()).orElseThrow(), day.plusSeconds(51)));
        Throwable sandboxFull = catchThrowable(() -> runs().add(dryRun(audience, day.plusSeconds(60)), guardrails));
        assertThat(((DomainException) sandboxFull).error()).as("four runs, three of them dry, fill the sandbox's day")
                .isInstanceOfSatisfying(DomainError.Unprocessable.class,
                        error -> assertThat(error.reason()).isEqualTo(Refusal.SANDBOX_RUN_GUARDRAIL));
    }

    private static IngestionRun dryRun(Audience audience, Instant at) {
        return IngestionRun.start(new RunId(UUID.randomUUID().toString()), audience,
                new RunRequest(new RunWindow(at.minusSeconds(3600), Optional.empty()), IngestionMode.FULL,
                        RunEffect.DRY_RUN),
                new Stamp(STARTER, at), UUID.randomUUID().toString(), UUID.randomUUID().toString());
    }

    @Test
    @DisplayName("RUN-14: the latest sighting of any worker is remembered, from every worker; a later sighting of one replaces its earlier one")
    void run14_workerSightings() {
        // later than anything another rule (or an earlier run over the same database) recorded
        Instant base = runs().lastWorkerSeen().filter(seen -> seen.isAfter(Generators.EPOCH)).orElse(Generators.EPOCH)
                .plus(java.time.Duration.ofDays(1));
        String first = "worker-" + UUID.randomUUID();
        String second = "worker-" + UUID.randomUUID();

        runs().workerSeen(first, base);
        assertThat(runs().lastWorkerSeen()).contains(base);
        runs().workerSeen(second, base.plusSeconds(10));
        assertThat(runs().lastWorkerSeen()).contains(base.plusSeconds(10));
        runs().workerSeen(first, base.plusSeconds(20));
        assertThat(runs().lastWorkerSeen()).contains(base.plusSeconds(20));
        runs().workerSeen(first, base.plusSeconds(30));
        assertThat(runs().lastWorkerSeen()).contains(base.plusSeconds(30));
    }

    /** Other contracts' runs may be older and unclaimed in a shared database: claim past them, then end them. */
    private IngestionRun claimUntilFound(IngestionRun wanted, Instant until) {
        Optional<IngestionRun> claimed;
        while ((claimed = runs().claimNext("holder", until)).isPresent()) {
            if (claimed.get().id().equals(wanted.id())) {
                return claimed.get();
            }
        }
        throw new AssertionError("run " + wanted.id() + " was never offered to a worker");
    }

    private static Gen<RunSort> sorts() {
        return Generate.enumValues(RunSort.Key.class).zip(Generate.enumValues(RunSort.Direction.class), RunSort::new);
    }

    private static Gen<RunFilter> filters() {
        Gen<RunFilter.TextOperator> text = Generate.enumValues(RunFilter.TextOperator.class);
        Gen<RunFilter.TimeOperator> time = Generate.enumValues(RunFilter.TimeOperator.class);
        return Generate.oneOf(
                Generate.pick(List.<Set<RunStatus.Kind>>of(Set.of(), Set.of(RunStatus.Kind.PROCESSING),
                        Set.of(RunStatus.Kind.SUCCEEDED), Set.of(RunStatus.Kind.PROCESSING, RunStatus.Kind.FAILED),
                        Set.of(RunStatus.Kind.values()))).map(RunFilter.OnStatus::new),
                text.zip(Generate.pick(List.of("audience", "zzz", "%", "_", "e!", "\\")), RunFilter.OnName::new),
                time.zip(integers().between(-1, 8), (operator, step) ->
                        new RunFilter.OnCreatedAt(operator, Generators.EPOCH.plusSeconds(step * 600L))));
    }
}
