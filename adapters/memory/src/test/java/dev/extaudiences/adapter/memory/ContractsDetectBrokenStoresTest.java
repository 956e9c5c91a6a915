package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.port.out.Audiences.VersionedWrite;
import dev.extaudiences.core.run.RunCounts;
import dev.extaudiences.core.identity.IdentityHandling;
import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.Stores;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudienceName;
import dev.extaudiences.core.audience.CustomAudienceId;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.AudienceOperations;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.port.out.SourceFiles;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.ReadNotice;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceCheck;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceRecord;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.source.ScriptedSourceFiles;
import dev.extaudiences.testkit.contract.AudienceOperationsContract;
import dev.extaudiences.testkit.contract.AudiencesContract;
import dev.extaudiences.testkit.contract.IngestionContract;
import dev.extaudiences.testkit.contract.IngestionRunsContract;
import dev.extaudiences.testkit.contract.MembersContract;
import dev.extaudiences.testkit.contract.StagedMembersContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A rule that no broken store can fail is not yet a rule. Each case here wraps the in-memory stores so that exactly one
 * guarantee breaks, runs the contract against it, and checks that the rule guarding that guarantee is among the ones
 * that fail.
 */
class ContractsDetectBrokenStoresTest {

    private static List<String> failedRules(Class<?> contractAgainstBrokenStore) {
        return FailedRules.of(contractAgainstBrokenStore);
    }

    private static Stores with(Audiences audiences) {
        Stores base = InMemoryStores.create();
        return new Stores(audiences, base.operations(), base.runs(), base.stagedMembers(), base.members(), base.idempotencyKeys());
    }

    private static Stores with(IngestionRuns runs) {
        Stores base = InMemoryStores.create();
        return new Stores(base.audiences(), base.operations(), runs, base.stagedMembers(), base.members(), base.idempotencyKeys());
    }

    /**
     * The in-memory stores, with their staged members store (bound to their runs and members stores) wrapped by
     * {@code breakingStaging} and their members store by {@code breakingMembers}.
     */
    private static Stores withMembers(UnaryOperator<StagedMembers> breakingStaging,
                                      UnaryOperator<Members> breakingMembers) {
        Stores base = InMemoryStores.create();
        return new Stores(base.audiences(), base.operations(), base.runs(),
                breakingStaging.apply(base.stagedMembers()), breakingMembers.apply(base.members()), base.idempotencyKeys());
    }

    private static Stores withStagedMembers(UnaryOperator<StagedMembers> breaking) {
        return withMembers(breaking, UnaryOperator.identity());
    }

    private static Stores withMembers(UnaryOperator<Members> breaking) {
        return withMembers(UnaryOperator.identity(), breaking);
    }

    @Test
    @DisplayName("AUD-04 catches a store that finds audiences by id in any scope")
    void scopeBlindAudiences() {
        assertThat(failedRules(ScopeBlindAudiences.class)).contains("AUD-04");
    }

    @Test
    @DisplayName("AUD-02, AUD-03 and AUD-08 catch a store that silently drops a duplicate instead of refusing it")
    void silentDuplicates() {
        assertThat(failedRules(SilentDuplicateAudiences.class)).contains("AUD-02", "AUD-03", "AUD-08");
    }

    @Test
    @DisplayName("AUD-06 catches a store whose replace ignores the version")
    void lastWriterWins() {
        assertThat(failedRules(LastWriterWinsAudiences.class)).contains("AUD-06");
    }

    @Test
    @DisplayName("OPS-02 catches a store that lets an ended operation be ended again")
    void reEndingOperations() {
        assertThat(failedRules(ReEndingOperations.class)).contains("OPS-02");
    }

    @Test
    @DisplayName("RUN-02, RUN-03 and RUN-08 catch a store that answers a second start without refusing it")
    void silentSecondRun() {
        assertThat(failedRules(SilentSecondRun.class)).contains("RUN-02", "RUN-03", "RUN-08");
    }

    @Test
    @DisplayName("RUN-04 catches a store that lets an ended run be changed without refusal")
    void revivingRuns() {
        assertThat(failedRules(RevivingRuns.class)).contains("RUN-04");
    }

    @Test
    @DisplayName("RUN-05 catches a runs list that ignores limit")
    void limitIgnoringRuns() {
        assertThat(failedRules(LimitIgnoringRuns.class)).contains("RUN-05");
    }

    @Test
    @DisplayName("MEM-04 catches a store that returns expired members")
    void neverExpiringMembers() {
        assertThat(failedRules(NeverExpiringMembers.class)).contains("MEM-04");
    }

    @Test
    @DisplayName("MEM-05 catches a store whose memberships lookup answers from every scope")
    void scopeBlindMemberships() {
        assertThat(failedRules(ScopeBlindMembers.class)).contains("MEM-05");
    }

    @Test
    @DisplayName("MEM-02 catches a store whose full merge only upserts")
    void fullMergeUpserts() {
        assertThat(failedRules(FullMergeUpserts.class)).contains("MEM-02");
    }

    @Test
    @DisplayName("MEM-32 catches a store that tells more progress than it writes")
    void progressBeyondTheMerge() {
        assertThat(failedRules(ProgressBeyondTheMerge.class)).contains("MEM-32");
    }

    @Test
    @DisplayName("MEM-32 catches a store that tells its progress once readers see the members it tells of")
    void progressToldOnceVisible() {
        assertThat(failedRules(ProgressToldOnceVisible.class)).contains("MEM-32");
    }

    @Test
    @DisplayName("MEM-33 catches a store that goes on merging when its progress is answered that the run has ended")
    void progressAnswerIgnored() {
        assertThat(failedRules(ProgressAnswerIgnored.class)).contains("MEM-33");
    }

    @Test
    @DisplayName("MEM-11 catches a store that keeps what the runs of a deleted audience staged")
    void stagingOutlivingItsAudience() {
        assertThat(failedRules(StagingKeptAtRemoval.class)).contains("MEM-11");
    }

    @Test
    @DisplayName("MEM-12 catches a store whose bulk path loses the characters it should escape")
    void bulkPathLosingEscapes() {
        assertThat(failedRules(EscapesLost.class)).contains("MEM-12");
    }

    @Test
    @DisplayName("MEM-13 catches a store whose removal of replaced rows misses identities holding characters to escape")
    void removalMissingEscapedIdentities() {
        assertThat(failedRules(EscapeBlindRemoval.class)).contains("MEM-13");
    }

    @Test
    @DisplayName("MEM-14 catches a store whose sweep of expired members misses identities holding characters to escape")
    void sweepMissingEscapedIdentities() {
        assertThat(failedRules(EscapeBlindSweep.class)).contains("MEM-14");
    }

    @Test
    @DisplayName("RUN-09 catches a store that hands one run to several workers")
    void doubleClaimingRuns() {
        assertThat(failedRules(DoubleClaimingRuns.class)).contains("RUN-09");
    }

    @Test
    @DisplayName("ING-03 catches, through whole runs, a store whose full merge only upserts")
    void fullRunsThatOnlyUpsert() {
        assertThat(failedRules(FullRunsThatOnlyUpsert.class)).contains("ING-03");
    }

    @Test
    @DisplayName("MEM-09 and ING-01 catch a store where the first staged duplicate wins instead of the last")
    void firstStagedWins() {
        assertThat(failedRules(FirstStagedWinsStaging.class)).contains("MEM-09");
        assertThat(failedRules(FirstStagedWinsRuns.class)).contains("ING-01");
    }

    @Test
    @DisplayName("ING-13, ING-14 and MEM-10 catch a store that merges the members and stores the run's outcome in two steps")
    void twoStepFinish() {
        assertThat(failedRules(TwoStepFinishingRuns.class)).contains("ING-13", "ING-14");
        assertThat(failedRules(TwoStepFinishingStaging.class)).contains("MEM-10");
    }

    @Test
    @DisplayName("ING-23 catches a store that reports a bug in the run's state machine as the run having ended elsewhere")
    void bugSwallowingStore() {
        assertThat(failedRules(BugSwallowingRuns.class)).contains("ING-23");
    }

    @Test
    @DisplayName("RUN-15 catches a store that answers a write of a run it does not hold as if the run had ended")
    void goneBlindRuns() {
        assertThat(failedRules(GoneBlindRuns.class)).contains("RUN-15");
    }

    @Test
    @DisplayName("RUN-12 catches a store that counts the day's runs, then adds one, with no lock between")
    void countThenInsertGuardrails() {
        assertThat(failedRules(CountThenInsertRuns.class)).contains("RUN-12");
    }

    @Test
    @DisplayName("ING-20 and ING-21 catch a source that says a file is still as listed when it changed")
    void changeBlindSource() {
        assertThat(failedRules(ChangeBlindSources.class)).contains("ING-20", "ING-21");
    }

    @Test
    @DisplayName("ING-22 catches a source that never notices a last line without its line end")
    void lineEndBlindSource() {
        assertThat(failedRules(LineEndBlindSources.class)).contains("ING-22");
    }

    @Test
    @DisplayName("ING-25, ING-26 and ING-27 catch a store that answers a write of a cancelled run as written, so that its worker carries on and merges")
    void cancelBlindRuns() {
        assertThat(failedRules(CancelBlindRuns.class)).contains("ING-25", "ING-26", "ING-27");
    }

    @Test
    @DisplayName("RUN-16 catches a store that counts dry runs against the audience's daily limit")
    void dryRunsCountedForTheAudience() {
        assertThat(failedRules(DryRunsCountedForTheAudience.class)).contains("RUN-16");
    }

    @Test
    @DisplayName("MEM-31 and ING-24 catch a store whose preview of a full merge counts it as differential (a dry run that hides its removals)")
    void removalBlindPreview() {
        assertThat(failedRules(RemovalBlindPreviewStaging.class)).contains("MEM-31");
        assertThat(failedRules(RemovalBlindPreviewRuns.class)).contains("ING-24");
    }

    @Test
    @DisplayName("MEM-30 and ING-30 catch a store that gives back the rows a full merge replaced only when the sweeper passes")
    void replacedRowsKeptUntilTheSweep() {
        assertThat(failedRules(SweepOnlyMembers.class)).contains("MEM-30");
        assertThat(failedRules(SweepOnlyRuns.class)).contains("ING-30");
    }

    @Test
    @DisplayName("AUD-11 and ING-32 catch a store that keeps every audience as not hashed, with no phone region (the V5 columns never written)")
    void identityHandlingDropped() {
        assertThat(failedRules(IdentityBlindAudiences.class)).contains("AUD-11");
        assertThat(failedRules(IdentityBlindIngestion.class)).contains("ING-32");
    }

    @Test
    @DisplayName("RUN-17 and ING-31 catch a store that reads runs back without what the identity rules did")
    void identityMatchesDropped() {
        assertThat(failedRules(MatchForgettingRuns.class)).contains("RUN-17");
        assertThat(failedRules(MatchForgettingIngestion.class)).contains("ING-31");
    }

    @Test
    @DisplayName("ING-33, ING-34 and MEM-01 catch a store that stages identities without their spellings (so that nothing ever collapses), and ING-33 and ING-34 one that counts every respelled row as collapsed")
    void collapsedRowsMiscounted() {
        assertThat(failedRules(SpellingForgettingIngestion.class)).contains("ING-33", "ING-34");
        assertThat(failedRules(SpellingForgettingStaging.class)).contains("MEM-01");
        assertThat(failedRules(CollapseEstimatingIngestion.class)).contains("ING-33", "ING-34");
    }

    // ---- The contracts bound to broken stores. Nested, so that Surefire never runs them on their own. ----

    /** The bug: the staging keeps each identity but not how it was written. */
    private static Stores spellingForgettingStores() {
        return withStagedMembers(inner -> new DelegatingStagedMembers(inner) {
            @Override
            public void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch) {
                super.stage(scope, audienceId, runId, batch.stream()
                        .map(member -> new StagedMember(member.identity(), member.attributes())).toList());
            }
        });
    }

    static class SpellingForgettingIngestion extends IngestionContract {
        @Override
        protected Stores newStores() {
            return spellingForgettingStores();
        }
    }

    static class SpellingForgettingStaging extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return spellingForgettingStores();
        }
    }

    /** The bug: an estimate, every row staged in another spelling counted as collapsed, whatever it met. */
    static class CollapseEstimatingIngestion extends IngestionContract {
        @Override
        protected Stores newStores() {
            Map<RunId, Long> respelled = new ConcurrentHashMap<>();
            return withStagedMembers(inner -> new DelegatingStagedMembers(inner) {
                @Override
                public void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch) {
                    respelled.merge(runId, batch.stream().filter(StagedMember::isRespelled).count(), Long::sum);
                    super.stage(scope, audienceId, runId, batch);
                }

                private MergeOutcome estimate(RunId runId, MergeOutcome counted) {
                    return new MergeOutcome(counted.added(), counted.updated(), counted.removed(),
                            counted.duplicates(), respelled.getOrDefault(runId, 0L));
                }

                @Override
                public MergeOutcome preview(TenantScope scope, AudienceId audienceId, RunId runId,
                                            IngestionMode mode, Instant expiryCutoff) {
                    return estimate(runId, super.preview(scope, audienceId, runId, mode, expiryCutoff));
                }

                @Override
                public Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId,
                                             IngestionMode mode, Instant ingestedAt, Instant expiryCutoff,
                                             Progress progress,
                                             java.util.function.Function<MergeOutcome, IngestionRun> finished) {
                    Finish finish = super.mergeAndFinish(scope, audienceId, runId, mode, ingestedAt, expiryCutoff, progress,
                            counted -> finished.apply(estimate(runId, counted)));
                    return finish instanceof Finish.Finished done
                            ? new Finish.Finished(estimate(runId, done.outcome())) : finish;
                }
            });
        }
    }

    private static Audience plainIdentities(Audience a) {
        return new Audience(a.id(), a.scope(), a.name(), a.description(), a.customAudienceId(), a.fields(),
                a.sourceSpec(), a.ttl(), a.audienceType(), a.originName(), a.namespace(), a.labels(), a.tags(),
                a.profileIngestion(), a.created(), a.updated(), a.version(), IdentityHandling.DEFAULT);
    }

    private static Stores identityBlindStores() {
        return with(new DelegatingAudiences(new InMemoryAudiences()) {
            @Override
            public void add(Audience audience) {
                super.add(plainIdentities(audience));
            }

            @Override
            public VersionedWrite replace(Audience updated) {
                return super.replace(plainIdentities(updated));
            }
        });
    }

    static class IdentityBlindAudiences extends AudiencesContract {
        @Override
        protected Stores newStores() {
            return identityBlindStores();
        }
    }

    static class IdentityBlindIngestion extends IngestionContract {
        @Override
        protected Stores newStores() {
            return identityBlindStores();
        }
    }

    private static Stores matchForgettingStores() {
        Stores base = InMemoryStores.create();
        IngestionRuns forgetting = new DelegatingRuns(base.runs()) {
            @Override
            public Optional<IngestionRun> find(TenantScope scope, AudienceId audienceId, RunId runId) {
                return super.find(scope, audienceId, runId).map(run -> new IngestionRun(run.id(), run.scope(),
                        run.audienceId(), run.audienceName(), run.window(), run.mode(), run.created(), run.status(),
                        run.stages(), new RunCounts(run.counts().files(), run.counts().bytesRead(),
                        run.counts().rowsRead(), run.counts().rowsRejected(), run.counts().rowsDuplicated(),
                        run.counts().membersAdded(), run.counts().membersUpdated(), run.counts().membersRemoved()),
                        run.rejections()));
            }
        };
        return new Stores(base.audiences(), base.operations(), forgetting, base.stagedMembers(), base.members(),
                base.idempotencyKeys());
    }

    static class MatchForgettingRuns extends IngestionRunsContract {
        @Override
        protected Stores newStores() {
            return matchForgettingStores();
        }
    }

    static class MatchForgettingIngestion extends IngestionContract {
        @Override
        protected Stores newStores() {
            return matchForgettingStores();
        }
    }


    static class ScopeBlindAudiences extends AudiencesContract {
        @Override
        protected Stores newStores() {
            Map<AudienceId, TenantScope> owners = new ConcurrentHashMap<>();
            return with(new DelegatingAudiences(new InMemoryAudiences()) {
                @Override
                public void add(Audience audience) {
                    super.add(audience);
                    owners.put(audience.id(), audience.scope());
                }

                @Override
                public Optional<Audience> find(TenantScope scope, AudienceId id) {
                    return super.find(owners.getOrDefault(id, scope), id);
                }
            });
        }
    }

    static class SilentDuplicateAudiences extends AudiencesContract {
        @Override
        protected Stores newStores() {
            return with(new DelegatingAudiences(new InMemoryAudiences()) {
                @Override
                public void add(Audience audience) {
                    try {
                        super.add(audience);
                    } catch (DomainException duplicate) {
                        // the bug: the caller believes its audience was stored
                    }
                }
            });
        }
    }

    static class LastWriterWinsAudiences extends AudiencesContract {
        @Override
        protected Stores newStores() {
            return with(new DelegatingAudiences(new InMemoryAudiences()) {
                @Override
                public VersionedWrite replace(Audience updated) {
                    return find(updated.scope(), updated.id()).map(current -> super.replace(new Audience(updated.id(),
                            updated.scope(), updated.name(), updated.description(), updated.customAudienceId(),
                            updated.fields(), updated.sourceSpec(), updated.ttl(), updated.audienceType(),
                            updated.originName(), updated.namespace(), updated.labels(), updated.tags(),
                            updated.profileIngestion(), updated.created(), updated.updated(), current.version() + 1)))
                            .orElse(VersionedWrite.MISSING);
                }
            });
        }
    }

    static class ReEndingOperations extends AudienceOperationsContract {
        @Override
        protected Stores newStores() {
            Stores base = InMemoryStores.create();
            AudienceOperations inner = base.operations();
            AudienceOperations broken = new AudienceOperations() {
                @Override
                public void add(Operation operation) {
                    inner.add(operation);
                }

                @Override
                public Optional<Operation> find(TenantScope scope, OperationId id) {
                    return inner.find(scope, id);
                }

                @Override
                public void end(Operation ended) {
                    try {
                        inner.end(ended);
                    } catch (IllegalStateException alreadyEnded) {
                        // the bug: a second outcome is accepted without a word
                    }
                }

                @Override
                public List<Operation> processing(int limit) {
                    return inner.processing(limit);
                }
            };
            return new Stores(base.audiences(), broken, base.runs(), base.stagedMembers(), base.members(), base.idempotencyKeys());
        }
    }

    static class SilentSecondRun extends IngestionRunsContract {
        @Override
        protected Stores newStores() {
            return with(new DelegatingRuns(new InMemoryIngestionRuns()) {
                @Override
                public void add(IngestionRun run) {
                    try {
                        super.add(run);
                    } catch (DomainException inProgress) {
                        // the bug: the second start is answered as if it had been accepted
                    }
                }
            });
        }
    }

    static class RevivingRuns extends IngestionRunsContract {
        @Override
        protected Stores newStores() {
            return with(new DelegatingRuns(new InMemoryIngestionRuns()) {
                @Override
                public RunWrite update(IngestionRun run) {
                    RunWrite written = super.update(run);
                    // the bug: the caller believes the ended run moved on
                    return written == RunWrite.ALREADY_ENDED ? RunWrite.WRITTEN : written;
                }
            });
        }
    }

    static class GoneBlindRuns extends IngestionRunsContract {
        @Override
        protected Stores newStores() {
            return with(new DelegatingRuns(new InMemoryIngestionRuns()) {
                @Override
                public RunWrite update(IngestionRun run) {
                    RunWrite written = super.update(run);
                    // the bug: a run it does not hold is told apart from nothing, as if it had ended
                    return written == RunWrite.GONE ? RunWrite.ALREADY_ENDED : written;
                }
            });
        }
    }

    static class LimitIgnoringRuns extends IngestionRunsContract {
        @Override
        protected Stores newStores() {
            return with(new DelegatingRuns(new InMemoryIngestionRuns()) {
                @Override
                public Page<IngestionRun> list(TenantScope scope, AudienceId audienceId, RunQuery query) {
                    return super.list(scope, audienceId,
                            new RunQuery(RunQuery.MAX_LIMIT, query.start(), query.sort(), query.filters()));
                }
            });
        }
    }

    static class NeverExpiringMembers extends MembersContract {
        @Override
        protected Stores newStores() {
            return withMembers(inner -> new DelegatingMembers(inner) {
                @Override
                public Optional<Member> find(TenantScope scope, AudienceId audienceId, Identity identity,
                                             Instant expiryCutoff) {
                    return super.find(scope, audienceId, identity, Instant.EPOCH);
                }

                @Override
                public Page<Member> list(TenantScope scope, AudienceId audienceId, Instant expiryCutoff,
                                         PageRequest page) {
                    return super.list(scope, audienceId, Instant.EPOCH, page);
                }
            });
        }
    }

    static class ScopeBlindMembers extends MembersContract {
        @Override
        protected Stores newStores() {
            java.util.Set<TenantScope> seen = ConcurrentHashMap.newKeySet();
            return withMembers(staging -> new DelegatingStagedMembers(staging) {
                @Override
                public void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch) {
                    seen.add(scope);
                    super.stage(scope, audienceId, runId, batch);
                }
            }, inner -> new DelegatingMembers(inner) {
                @Override
                public List<Member> memberships(TenantScope scope, Identity identity) {
                    // the bug: the lookup forgets the caller's scope
                    return seen.stream().flatMap(any -> super.memberships(any, identity).stream()).toList();
                }
            });
        }
    }

    static class FullMergeUpserts extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return withStagedMembers(inner -> new DelegatingStagedMembers(inner) {
                @Override
                public MergeOutcome merge(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                          Instant ingestedAt, Instant expiryCutoff) {
                    return super.merge(scope, audienceId, runId, IngestionMode.DIFFERENTIAL, ingestedAt, expiryCutoff);
                }

                @Override
                public Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId,
                                             IngestionMode mode, Instant ingestedAt, Instant expiryCutoff,
                                             Progress progress,
                                             java.util.function.Function<MergeOutcome, IngestionRun> finished) {
                    return super.mergeAndFinish(scope, audienceId, runId, IngestionMode.DIFFERENTIAL, ingestedAt,
                            expiryCutoff, progress, finished);
                }
            });
        }
    }

    static class CountThenInsertRuns extends IngestionRunsContract {
        @Override
        protected Stores newStores() {
            return with(new DelegatingRuns(new InMemoryIngestionRuns()) {
                @Override
                public void add(IngestionRun run, dev.extaudiences.core.run.RunGuardrails guardrails) {
                    // the bug: the limit is checked on a count, and the add comes later, as another statement
                    Instant day = dev.extaudiences.core.run.RunGuardrails.dayStart(run.created().at());
                    guardrails.check(countCreatedSince(run.scope(), run.audienceId(), day),
                            countCreatedSince(run.scope(), day), run.created().at()).ifPresent(refusal -> {
                                throw new DomainException(refusal);
                            });
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    super.add(run, dev.extaudiences.core.run.RunGuardrails.UNLIMITED);
                }
            });
        }
    }

    static class DoubleClaimingRuns extends IngestionRunsContract {
        @Override
        protected Stores newStores() {
            java.util.Deque<IngestionRun> handedOnce = new java.util.concurrent.ConcurrentLinkedDeque<>();
            return with(new DelegatingRuns(new InMemoryIngestionRuns()) {
                @Override
                public Optional<IngestionRun> claimNext(String worker, Instant leaseUntil) {
                    // the bug: a claim that is not exclusive, so each run is handed out a second time
                    Optional<IngestionRun> claimed = super.claimNext(worker, leaseUntil);
                    claimed.ifPresent(handedOnce::add);
                    return claimed.isPresent() ? claimed : Optional.ofNullable(handedOnce.poll());
                }
            });
        }
    }

    static class ProgressBeyondTheMerge extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return withStagedMembers(inner -> new DelegatingStagedMembers(inner) {
                @Override
                public Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId,
                                             IngestionMode mode, Instant ingestedAt, Instant expiryCutoff,
                                             Progress progress,
                                             java.util.function.Function<MergeOutcome, IngestionRun> finished) {
                    // the bug: progress counted in rows staged, duplicates and all, rather than in members written
                    if (progress.written(1_000_000) != IngestionRuns.RunWrite.WRITTEN) {
                        return new Finish.NotFinished(IngestionRuns.RunWrite.ALREADY_ENDED);
                    }
                    return super.mergeAndFinish(scope, audienceId, runId, mode, ingestedAt, expiryCutoff, progress,
                            finished);
                }
            });
        }
    }

    static class ProgressToldOnceVisible extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return withStagedMembers(inner -> new DelegatingStagedMembers(inner) {
                @Override
                public Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId,
                                             IngestionMode mode, Instant ingestedAt, Instant expiryCutoff,
                                             Progress progress,
                                             java.util.function.Function<MergeOutcome, IngestionRun> finished) {
                    // the bug: each chunk committed as it is written, and told of after
                    Finish finish = super.mergeAndFinish(scope, audienceId, runId, mode, ingestedAt, expiryCutoff,
                            Progress.UNWATCHED, finished);
                    if (finish instanceof Finish.Finished done && done.outcome().added() + done.outcome().updated() > 0) {
                        progress.written(done.outcome().added() + done.outcome().updated());
                    }
                    return finish;
                }
            });
        }
    }

    static class ProgressAnswerIgnored extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return withStagedMembers(inner -> new DelegatingStagedMembers(inner) {
                @Override
                public Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId,
                                             IngestionMode mode, Instant ingestedAt, Instant expiryCutoff,
                                             Progress progress,
                                             java.util.function.Function<MergeOutcome, IngestionRun> finished) {
                    // the bug: the answer to its progress goes unread
                    progress.written(1);
                    return super.mergeAndFinish(scope, audienceId, runId, mode, ingestedAt, expiryCutoff, progress,
                            finished);
                }
            });
        }
    }

    static class FullRunsThatOnlyUpsert extends IngestionContract {
        @Override
        protected Stores newStores() {
            return new FullMergeUpserts().newStores();
        }
    }

    /**
     * The bug: the merge commits on its own, then the run's outcome is stored in a second step; a failure (or a crash)
     * between the two leaves the members changed under a run that does not read SUCCESS.
     */
    static class TwoStepFinishingRuns extends IngestionContract {
        @Override
        protected Stores newStores() {
            return twoStepFinishingStores();
        }
    }

    static class TwoStepFinishingStaging extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return twoStepFinishingStores();
        }
    }

    static Stores twoStepFinishingStores() {
        Stores base = InMemoryStores.create();
        StagedMembers twoSteps = new DelegatingStagedMembers(base.stagedMembers()) {
            @Override
            public Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                         Instant ingestedAt, Instant expiryCutoff,
                                         Progress progress,
                                         java.util.function.Function<MergeOutcome, IngestionRun> finished) {
                MergeOutcome merged = merge(scope, audienceId, runId, mode, ingestedAt, expiryCutoff);
                IngestionRuns.RunWrite written = base.runs().update(finished.apply(merged));
                return written == IngestionRuns.RunWrite.WRITTEN ? new Finish.Finished(merged)
                        : new Finish.NotFinished(written);
            }
        };
        return new Stores(base.audiences(), base.operations(), base.runs(), twoSteps, base.members(), base.idempotencyKeys());
    }

    /**
     * The bug: a failure of the run's own next state (its state machine refusing a step, which only a bug asks for) is
     * reported as the run having ended elsewhere, so the engine stops without a word and the run waits for its lease.
     */
    static class BugSwallowingRuns extends IngestionContract {
        @Override
        protected Stores newStores() {
            return withStagedMembers(inner -> new DelegatingStagedMembers(inner) {
                @Override
                public Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId,
                                             IngestionMode mode, Instant ingestedAt, Instant expiryCutoff,
                                             Progress progress,
                                             java.util.function.Function<MergeOutcome, IngestionRun> finished) {
                    try {
                        return super.mergeAndFinish(scope, audienceId, runId, mode, ingestedAt, expiryCutoff,
                                progress, finished);
                    } catch (IllegalStateException refused) {
                        return new Finish.NotFinished(IngestionRuns.RunWrite.ALREADY_ENDED);
                    }
                }
            });
        }
    }

    /** The bug: deleting an audience leaves what its runs staged behind, for ever. */
    static class StagingKeptAtRemoval extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return withStagedMembers(inner -> new DelegatingStagedMembers(inner) {
                @Override
                public void removeAll(TenantScope scope, AudienceId audienceId) {
                    // the bug: nothing is dropped
                }
            });
        }
    }

    /** The bug: what the staging writes loses its tabs and backslashes, as a bulk format left unescaped would. */
    static class EscapesLost extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return withStagedMembers(inner -> new DelegatingStagedMembers(inner) {
                @Override
                public void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch) {
                    super.stage(scope, audienceId, runId, batch.stream().map(member -> {
                        Map<String, String> attributes = new java.util.TreeMap<>();
                        member.attributes().forEach((name, value) -> attributes.put(name,
                                value.replace("\t", " ").replace("\\", "")));
                        return new StagedMember(member.identity(), attributes);
                    }).toList());
                }
            });
        }
    }

    /**
     * The bug: a generational store that never removes replaced rows whose identities hold anything but letters,
     * digits, {@code @} and {@code .}, as a delete given its keys in a text left unescaped would miss them.
     */
    static class EscapeBlindRemoval extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return generationalStores((left, escaped, batchSize) -> escaped ? 0 : (int) Math.min(batchSize, left));
        }
    }

    /**
     * The bug: the sweep removes no expired member while any of the audience's identities holds anything but letters,
     * digits, {@code @} and {@code .}, as a delete given its keys in a text left unescaped would miss them.
     */
    static class EscapeBlindSweep extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return withMembers(inner -> new DelegatingMembers(inner) {
                @Override
                public int removeExpired(TenantScope scope, AudienceId audienceId, Instant expiryCutoff,
                                         int batchSize) {
                    return holdsEscapedIdentity(inner, scope, audienceId) ? 0
                            : super.removeExpired(scope, audienceId, expiryCutoff, batchSize);
                }
            });
        }
    }

    /** The bug: the store counts a dry run among the audience's runs of the day, as if it had changed members. */
    static class DryRunsCountedForTheAudience extends IngestionRunsContract {
        @Override
        protected Stores newStores() {
            return with(new DelegatingRuns(new InMemoryIngestionRuns()) {
                private final Map<String, Long> audienceRuns = new ConcurrentHashMap<>();

                @Override
                public void add(IngestionRun run, dev.extaudiences.core.run.RunGuardrails guardrails) {
                    String day = run.audienceId().value() + "/"
                            + dev.extaudiences.core.run.RunGuardrails.dayStart(run.created().at());
                    if (audienceRuns.getOrDefault(day, 0L) >= guardrails.perAudiencePerDay()) {
                        guardrails.check(guardrails.perAudiencePerDay(), 0, run.created().at()).ifPresent(refusal -> {
                            throw new DomainException(refusal);
                        });
                    }
                    super.add(run, guardrails);
                    audienceRuns.merge(day, 1L, Long::sum);
                }
            });
        }
    }

    /**
     * The bug: a write of a run that has ended (cancelled meanwhile) is answered as written, so that its worker carries
     * on reading and merges, its members committed with the outcome the store in fact refused.
     */
    static class CancelBlindRuns extends IngestionContract {
        @Override
        protected Stores newStores() {
            InMemoryMembers members = new InMemoryMembers();
            IngestionRuns blind = new DelegatingRuns(new InMemoryIngestionRuns()) {
                @Override
                public RunWrite update(IngestionRun run) {
                    RunWrite written = super.update(run);
                    return written == RunWrite.ALREADY_ENDED ? RunWrite.WRITTEN : written;
                }
            };
            return new Stores(new InMemoryAudiences(), new InMemoryAudienceOperations(), blind,
                    new InMemoryStagedMembers(blind, members), members, new InMemoryIdempotencyKeys());
        }
    }

    /** The bug: a preview counts every merge as differential, so a full run's dry run never shows its removals. */
    static Stores removalBlindPreviewStores() {
        return withStagedMembers(inner -> new DelegatingStagedMembers(inner) {
            @Override
            public MergeOutcome preview(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                        Instant expiryCutoff) {
                return super.preview(scope, audienceId, runId, IngestionMode.DIFFERENTIAL, expiryCutoff);
            }
        });
    }

    static class RemovalBlindPreviewStaging extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return removalBlindPreviewStores();
        }
    }

    static class RemovalBlindPreviewRuns extends IngestionContract {
        @Override
        protected Stores newStores() {
            return removalBlindPreviewStores();
        }
    }

    /** The bug: staging keeps the first row of an identity and drops later ones. */
    static Stores firstStagedWinsStores() {
        Map<RunId, java.util.Set<Identity>> seen = new ConcurrentHashMap<>();
        return withStagedMembers(inner -> new DelegatingStagedMembers(inner) {
            @Override
            public void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch) {
                var already = seen.computeIfAbsent(runId, run -> ConcurrentHashMap.newKeySet());
                super.stage(scope, audienceId, runId, batch.stream().filter(m -> already.add(m.identity())).toList());
            }
        });
    }

    static class FirstStagedWinsStaging extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return firstStagedWinsStores();
        }
    }

    static class FirstStagedWinsRuns extends IngestionContract {
        @Override
        protected Stores newStores() {
            return firstStagedWinsStores();
        }
    }

    /** The bug: the source answers for the file as its listing was, whatever happened to it since. */
    static class ChangeBlindSources extends IngestionContract {
        @Override
        protected Stores newStores() {
            return InMemoryStores.create();
        }

        @Override
        protected SourceFiles sources(ScriptedSourceFiles scripted) {
            return new DelegatingSourceFiles(scripted, stream -> new DelegatingRecordStream(stream) {
                @Override
                public FileState state() {
                    return new FileState.Unchanged();
                }
            });
        }
    }

    /** The bug: the source reads the rows and tells nothing of how the file ended. */
    static class LineEndBlindSources extends IngestionContract {
        @Override
        protected Stores newStores() {
            return InMemoryStores.create();
        }

        @Override
        protected SourceFiles sources(ScriptedSourceFiles scripted) {
            return new DelegatingSourceFiles(scripted, stream -> new DelegatingRecordStream(stream) {
                @Override
                public List<ReadNotice> notices() {
                    return List.of();
                }
            });
        }
    }

    /**
     * The bug: a generational store whose replaced rows stay (invisible, but taking their space) until the sweeper's
     * next pass, which may be many minutes and many full runs later.
     */
    static Stores sweepOnlyStores() {
        return generationalStores((left, escaped, batchSize) -> 0);
    }

    /** Whether any member of the audience has an identity of more than letters, digits, {@code @} and {@code .}. */
    static boolean holdsEscapedIdentity(Members members, TenantScope scope, AudienceId audienceId) {
        return members.list(scope, audienceId, Instant.EPOCH, new PageRequest(0, 1000)).items().stream()
                .anyMatch(member -> !member.identity().value().matches("[A-Za-z0-9@.]*"));
    }

    /** What a generational store's removal of replaced rows takes, of the rows left and whether they need escaping. */
    @FunctionalInterface
    interface ReplacedRemoval {
        int remove(long left, boolean escaped, int batchSize);
    }

    /**
     * A generational store, its replaced rows removed as {@code removal} says. It keeps the count of such rows beside
     * the in-memory store, which itself lets them go at the merge, and whether any of their identities holds more than
     * letters, digits, {@code @} and {@code .}; the sweeper's pass takes them all.
     */
    static Stores generationalStores(ReplacedRemoval removal) {
        Map<AudienceId, Long> replaced = new ConcurrentHashMap<>();
        Set<AudienceId> escaped = ConcurrentHashMap.newKeySet();
        Stores base = InMemoryStores.create();
        Members members = base.members();
        StagedMembers countingReplaced = new DelegatingStagedMembers(base.stagedMembers()) {
            private void replacing(TenantScope scope, AudienceId audienceId, IngestionMode mode) {
                if (mode == IngestionMode.FULL) {
                    replaced.merge(audienceId, members.storedRows(scope, audienceId), Long::sum);
                    if (holdsEscapedIdentity(members, scope, audienceId)) {
                        escaped.add(audienceId);
                    }
                }
            }

            @Override
            public MergeOutcome merge(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                      Instant ingestedAt, Instant expiryCutoff) {
                replacing(scope, audienceId, mode);
                return super.merge(scope, audienceId, runId, mode, ingestedAt, expiryCutoff);
            }

            @Override
            public Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                         Instant ingestedAt, Instant expiryCutoff,
                                         Progress progress,
                                         java.util.function.Function<MergeOutcome, IngestionRun> finished) {
                replacing(scope, audienceId, mode);
                return super.mergeAndFinish(scope, audienceId, runId, mode, ingestedAt, expiryCutoff, progress, finished);
            }
        };
        Members generational = new DelegatingMembers(members) {
            @Override
            public int removeReplaced(TenantScope scope, AudienceId audienceId, int batchSize) {
                long left = replaced.getOrDefault(audienceId, 0L);
                int removed = left == 0 ? 0 : removal.remove(left, escaped.contains(audienceId), batchSize);
                replaced.put(audienceId, left - removed);
                return removed;
            }

            @Override
            public int removeExpired(TenantScope scope, AudienceId audienceId, Instant expiryCutoff, int batchSize) {
                replaced.remove(audienceId);
                escaped.remove(audienceId);
                return super.removeExpired(scope, audienceId, expiryCutoff, batchSize);
            }

            @Override
            public long storedRows(TenantScope scope, AudienceId audienceId) {
                return super.storedRows(scope, audienceId) + replaced.getOrDefault(audienceId, 0L);
            }
        };
        return new Stores(base.audiences(), base.operations(), base.runs(), countingReplaced, generational,
                base.idempotencyKeys());
    }

    static class SweepOnlyMembers extends MembersContract {
        @Override
        protected Stores newStores() {
            return sweepOnlyStores();
        }
    }

    static class SweepOnlyRuns extends IngestionContract {
        @Override
        protected Stores newStores() {
            return sweepOnlyStores();
        }
    }

    // ---- Plain decorators the broken stores override one method of. ----

    /** Source files whose streams are wrapped by {@code streams}. */
    static class DelegatingSourceFiles implements SourceFiles {
        private final SourceFiles inner;
        private final java.util.function.UnaryOperator<RecordStream> streams;

        DelegatingSourceFiles(SourceFiles inner, java.util.function.UnaryOperator<RecordStream> streams) {
            this.inner = inner;
            this.streams = streams;
        }

        @Override
        public SourceCheck check(TenantScope scope, SourceSpec spec) {
            return inner.check(scope, spec);
        }

        @Override
        public List<SourceFile> list(TenantScope scope, SourceSpec spec) throws SourceException {
            return inner.list(scope, spec);
        }

        @Override
        public RecordStream open(TenantScope scope, SourceSpec spec, SourceFile file) throws SourceException {
            return streams.apply(inner.open(scope, spec, file));
        }
    }

    static class DelegatingRecordStream implements RecordStream {
        private final RecordStream inner;

        DelegatingRecordStream(RecordStream inner) {
            this.inner = inner;
        }

        @Override
        public List<String> header() {
            return inner.header();
        }

        @Override
        public Optional<SourceRecord> next() throws SourceException {
            return inner.next();
        }

        @Override
        public FileState state() throws SourceException {
            return inner.state();
        }

        @Override
        public List<ReadNotice> notices() {
            return inner.notices();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    static class DelegatingAudiences implements Audiences {
        private final Audiences inner;

        DelegatingAudiences(Audiences inner) {
            this.inner = inner;
        }

        @Override
        public void add(Audience audience) {
            inner.add(audience);
        }

        @Override
        public Optional<Audience> find(TenantScope scope, AudienceId id) {
            return inner.find(scope, id);
        }

        @Override
        public boolean nameTaken(TenantScope scope, AudienceName name) {
            return inner.nameTaken(scope, name);
        }

        @Override
        public boolean customIdTaken(TenantScope scope, CustomAudienceId customAudienceId) {
            return inner.customIdTaken(scope, customAudienceId);
        }

        @Override
        public Page<Audience> list(TenantScope scope, PageRequest page) {
            return inner.list(scope, page);
        }

        @Override
        public Page<Audience> listAll(PageRequest page) {
            return inner.listAll(page);
        }

        @Override
        public VersionedWrite replace(Audience updated) {
            return inner.replace(updated);
        }

        @Override
        public boolean remove(TenantScope scope, AudienceId id) {
            return inner.remove(scope, id);
        }
    }

    static class DelegatingRuns implements IngestionRuns {
        private final IngestionRuns inner;

        DelegatingRuns(IngestionRuns inner) {
            this.inner = inner;
        }

        @Override
        public void add(IngestionRun run) {
            inner.add(run);
        }

        @Override
        public void add(IngestionRun run, dev.extaudiences.core.run.RunGuardrails guardrails) {
            inner.add(run, guardrails);
        }

        @Override
        public Optional<IngestionRun> find(TenantScope scope, AudienceId audienceId, RunId runId) {
            return inner.find(scope, audienceId, runId);
        }

        @Override
        public Optional<IngestionRun> inProgress(TenantScope scope, AudienceId audienceId) {
            return inner.inProgress(scope, audienceId);
        }

        @Override
        public Page<IngestionRun> list(TenantScope scope, AudienceId audienceId, RunQuery query) {
            return inner.list(scope, audienceId, query);
        }

        @Override
        public long countCreatedSince(TenantScope scope, AudienceId audienceId, Instant since) {
            return inner.countCreatedSince(scope, audienceId, since);
        }

        @Override
        public long countCreatedSince(TenantScope scope, Instant since) {
            return inner.countCreatedSince(scope, since);
        }

        @Override
        public long runsCounted(TenantScope scope, AudienceId audienceId, Instant day) {
            return inner.runsCounted(scope, audienceId, day);
        }

        @Override
        public long runsCounted(TenantScope scope, Instant day) {
            return inner.runsCounted(scope, day);
        }

        @Override
        public RunWrite update(IngestionRun run) {
            return inner.update(run);
        }

        @Override
        public Optional<IngestionRun> claimNext(String worker, Instant leaseUntil) {
            return inner.claimNext(worker, leaseUntil);
        }

        @Override
        public boolean renewLease(IngestionRun run, String worker, Instant leaseUntil) {
            return inner.renewLease(run, worker, leaseUntil);
        }

        @Override
        public List<IngestionRun> lapsed(Instant now, int limit) {
            return inner.lapsed(now, limit);
        }

        @Override
        public void workerSeen(String worker, Instant at) {
            inner.workerSeen(worker, at);
        }

        @Override
        public Optional<Instant> lastWorkerSeen() {
            return inner.lastWorkerSeen();
        }

        @Override
        public dev.extaudiences.core.run.RunsByStatus countByStatus() {
            return inner.countByStatus();
        }

        @Override
        public void removeAll(TenantScope scope, AudienceId audienceId) {
            inner.removeAll(scope, audienceId);
        }
    }

    static class DelegatingStagedMembers implements StagedMembers {
        private final StagedMembers inner;

        DelegatingStagedMembers(StagedMembers inner) {
            this.inner = inner;
        }

        @Override
        public void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch) {
            inner.stage(scope, audienceId, runId, batch);
        }

        @Override
        public int membersPerWrite() {
            return inner.membersPerWrite();
        }

        @Override
        public long stagedDuplicates(TenantScope scope, AudienceId audienceId, RunId runId) {
            return inner.stagedDuplicates(scope, audienceId, runId);
        }

        @Override
        public MergeOutcome preview(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                    Instant expiryCutoff) {
            return inner.preview(scope, audienceId, runId, mode, expiryCutoff);
        }

        @Override
        public MergeOutcome merge(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                  Instant ingestedAt, Instant expiryCutoff) {
            return inner.merge(scope, audienceId, runId, mode, ingestedAt, expiryCutoff);
        }

        @Override
        public Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                     Instant ingestedAt, Instant expiryCutoff,
                                     Progress progress,
                                     java.util.function.Function<MergeOutcome, IngestionRun> finished) {
            return inner.mergeAndFinish(scope, audienceId, runId, mode, ingestedAt, expiryCutoff, progress, finished);
        }

        @Override
        public void discard(TenantScope scope, AudienceId audienceId, RunId runId) {
            inner.discard(scope, audienceId, runId);
        }

        @Override
        public void removeAll(TenantScope scope, AudienceId audienceId) {
            inner.removeAll(scope, audienceId);
        }
    }

    static class DelegatingMembers implements Members {
        private final Members inner;

        DelegatingMembers(Members inner) {
            this.inner = inner;
        }

        @Override
        public Optional<Member> find(TenantScope scope, AudienceId audienceId, Identity identity,
                                     Instant expiryCutoff) {
            return inner.find(scope, audienceId, identity, expiryCutoff);
        }

        @Override
        public Page<Member> list(TenantScope scope, AudienceId audienceId, Instant expiryCutoff, PageRequest page) {
            return inner.list(scope, audienceId, expiryCutoff, page);
        }

        @Override
        public List<Member> memberships(TenantScope scope, Identity identity) {
            return inner.memberships(scope, identity);
        }

        @Override
        public int removeExpired(TenantScope scope, AudienceId audienceId, Instant expiryCutoff, int batchSize) {
            return inner.removeExpired(scope, audienceId, expiryCutoff, batchSize);
        }

        @Override
        public int removeReplaced(TenantScope scope, AudienceId audienceId, int batchSize) {
            return inner.removeReplaced(scope, audienceId, batchSize);
        }

        @Override
        public long storedRows(TenantScope scope, AudienceId audienceId) {
            return inner.storedRows(scope, audienceId);
        }

        @Override
        public void removeAll(TenantScope scope, AudienceId audienceId) {
            inner.removeAll(scope, audienceId);
        }
    }
}
