package dev.extaudiences.testkit.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudiencePatch;
import dev.extaudiences.core.audience.Description;
import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.IdentityRules;
import dev.extaudiences.core.identity.IdentityStorage;
import dev.extaudiences.core.identity.Sha256;
import dev.extaudiences.core.audience.Labels;
import dev.extaudiences.core.audience.Ttl;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.run.Stage;
import dev.extaudiences.core.run.StageProgress;
import dev.extaudiences.core.run.StageStatus;
import dev.extaudiences.testkit.spec.IngestionRunSpecTest.TransitionRule;
import dev.extaudiences.testkit.spec.TtlSpecTest.ExpiryRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A property that no broken rule can fail is not yet a specification. Each case hands one domain property a rule
 * broken in one way and checks that the property is falsified (the store contracts have the same proof in
 * {@code ContractsDetectBrokenStoresTest}).
 */
class SpecsDetectBrokenRulesTest {

    private static void falsified(Executable property) {
        assertThatThrownBy(property::execute).isInstanceOf(AssertionError.class).hasMessageContaining("replay with");
    }

    @Test
    @DisplayName("TTL bounds catch a rule that refuses 90 days (off by one at the top)")
    void ttlOffByOne() {
        falsified(() -> TtlSpecTest.boundsHold(days -> days == 90 ? Ttl.ofDays(91) : Ttl.ofDays(days)));
    }

    @Test
    @DisplayName("TTL bounds catch a rule that clamps an out-of-range value instead of refusing it")
    void ttlClamped() {
        falsified(() -> TtlSpecTest.boundsHold(days -> Ttl.ofDays(Math.max(1, Math.min(90, days)))));
    }

    @Test
    @DisplayName("liveness catches a member still live on the instant it expires")
    void liveOnTheExpiryInstant() {
        falsified(() -> TtlSpecTest.livenessHolds(ExpiryRule.of(
                (ttl, lastIngested, now) -> !now.isAfter(lastIngested.plus(ttl.duration())), Ttl::expiredAtOrBefore)));
    }

    @Test
    @DisplayName("liveness catches a store cutoff one second off the rule")
    void cutoffOffBySecond() {
        falsified(() -> TtlSpecTest.livenessHolds(ExpiryRule.of(Ttl::isLive,
                (ttl, now) -> ttl.expiredAtOrBefore(now).minusSeconds(1))));
    }

    @Test
    @DisplayName("replace semantics catch labels merged into the stored ones instead of replacing them")
    void labelsMerged() {
        falsified(() -> AudiencePatchSpecTest.namedPartsReplaced((audience, patch, stamp) -> {
            Audience applied = audience.apply(patch, stamp);
            if (patch.labels().isEmpty()) {
                return applied;
            }
            List<String> merged = new ArrayList<>(audience.labels().asStrings());
            merged.addAll(patch.labels().get().asStrings());
            return withLabels(applied, Labels.parse(merged));
        }));
    }

    @Test
    @DisplayName("nothing-else-moves catches a TTL reset to the default by a patch that does not name it")
    void ttlResetByOtherPatches() {
        falsified(() -> AudiencePatchSpecTest.nothingElseMoves((audience, patch, stamp) -> patch.ttl().isPresent()
                ? audience.apply(patch, stamp) : audience.apply(patch.withTtl(Ttl.DEFAULT), stamp)));
    }

    @Test
    @DisplayName("idempotence catches a description appended to instead of replaced")
    void descriptionAppended() {
        falsified(() -> AudiencePatchSpecTest.idempotent((audience, patch, stamp) -> {
            Optional<Description> sent = patch.description().applyTo(audience.description());
            if (sent.isEmpty() || audience.description().isEmpty() || sent.equals(audience.description())) {
                return audience.apply(patch, stamp);
            }
            return audience.apply(patch.withDescription(
                    new Description(audience.description().get().value() + sent.get().value())), stamp);
        }));
    }

    @Test
    @DisplayName("the unknown-field rule catches a patch whose unknown field is silently ignored")
    void unknownFieldIgnored() {
        falsified(() -> AudiencePatchSpecTest.unknownFieldRefused((audience, patch, stamp) ->
                patch.fieldLabels().orElseThrow().keySet().stream()
                        .anyMatch(name -> audience.fields().byName(name).isEmpty())
                        ? audience.apply(AudiencePatch.NONE, stamp) : audience.apply(patch, stamp)));
    }

    @Test
    @DisplayName("the state machine property catches an ended run that still takes progress")
    void endedRunTakesProgress() {
        falsified(() -> IngestionRunSpecTest.randomEventSequences((run, event, at) ->
                !run.isInProgress() && event instanceof RunEvent.Progressed progressed
                        ? new IngestionRun(run.id(), run.scope(), run.audienceId(), run.audienceName(), run.window(),
                        run.mode(), run.created(), run.status(), run.stages(), progressed.counts(), run.rejections())
                        : run.on(event, at)));
    }

    @Test
    @DisplayName("the cancel property catches a cancel recorded as an interruption, without who cancelled")
    void cancelAsInterruption() {
        falsified(() -> IngestionRunSpecTest.cancelAtAnyPoint((run, event, at) ->
                event instanceof RunEvent.Cancelled ? run.on(new RunEvent.Abandoned(new dev.extaudiences.core.run
                        .RunFailure(dev.extaudiences.core.run.RunFailure.Cause.INTERRUPTED, "stopped")), at)
                        : run.on(event, at)));
    }

    @Test
    @DisplayName("the state machine property catches a profile stage started before the dataset stage succeeded")
    void profileStageFirst() {
        TransitionRule profileFirst = (run, event, at) -> {
            boolean startsProfile = event instanceof RunEvent.StageStarted started
                    && started.stage() == Stage.PROFILE_STORE_INGEST;
            StageProgress profile = run.stage(Stage.PROFILE_STORE_INGEST);
            if (!startsProfile || !run.isInProgress() || profile.status() != StageStatus.PENDING) {
                return run.on(event, at);
            }
            return new IngestionRun(run.id(), run.scope(), run.audienceId(), run.audienceName(), run.window(),
                    run.mode(), run.created(), run.status(), List.of(run.stage(Stage.DATASET_INGEST),
                    new StageProgress(Stage.PROFILE_STORE_INGEST, StageStatus.PROCESSING, profile.flowRunId(),
                            Optional.of(at), Optional.empty())), run.counts(), run.rejections());
        };
        falsified(() -> IngestionRunSpecTest.randomEventSequences(profileFirst));
    }

    /** A rule that reads and looks up values as {@code stored} says, and nothing else. */
    private static IdentitySpecTest.IdentityRule identityRule(java.util.function.UnaryOperator<String> ingested,
                                                             java.util.function.UnaryOperator<String> lookedUp) {
        return new IdentitySpecTest.IdentityRule() {
            @Override
            public Optional<String> ingest(IdentityNamespace namespace, String raw) {
                return Optional.of(ingested.apply(raw));
            }

            @Override
            public String lookUp(IdentityNamespace namespace, String raw) {
                return lookedUp.apply(raw);
            }
        };
    }

    @Test
    @DisplayName("idempotence catches a rule that hashes whatever it reads, a stored hash included")
    void identityHashedAgainOnEveryRead() {
        java.util.function.UnaryOperator<String> hashEveryTime = raw -> Sha256.hex(raw.strip());
        falsified(() -> IdentitySpecTest.idempotentUnder(identityRule(hashEveryTime, hashEveryTime)));
    }

    @Test
    @DisplayName("one member per person catches a rule that lower-cases but does not trim")
    void identityNotTrimmed() {
        java.util.function.UnaryOperator<String> lowerOnly = raw -> raw.toLowerCase(java.util.Locale.ROOT);
        falsified(() -> IdentitySpecTest.oneMemberUnder(identityRule(lowerOnly, lowerOnly)));
    }

    @Test
    @DisplayName("lookups catch a store that hashes at ingestion but looks the query up as written")
    void identityLookupNotHashed() {
        IdentitySpecTest.IdentityRule real = IdentitySpecTest.IdentityRule.REAL;
        IdentitySpecTest.IdentityRule hashed = IdentitySpecTest.IdentityRule.of(IdentityRules.defaults(),
                IdentityHandling.DEFAULT.withStorage(IdentityStorage.SHA256_OF_NORMALISED));
        falsified(() -> IdentitySpecTest.lookupFindsUnder(new IdentitySpecTest.IdentityRule() {
            @Override
            public Optional<String> ingest(IdentityNamespace namespace, String raw) {
                return hashed.ingest(namespace, raw);
            }

            @Override
            public String lookUp(IdentityNamespace namespace, String raw) {
                return real.lookUp(namespace, raw);
            }
        }));
    }

    private static Audience withLabels(Audience a, Labels labels) {
        return new Audience(a.id(), a.scope(), a.name(), a.description(), a.customAudienceId(), a.fields(),
                a.sourceSpec(), a.ttl(), a.audienceType(), a.originName(), a.namespace(), labels, a.tags(),
                a.profileIngestion(), a.created(), a.updated(), a.version());
    }
}
