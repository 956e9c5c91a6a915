package dev.extaudiences.testkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.run.IllegalRunTransition;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunStatus;
import dev.extaudiences.core.run.Stage;
import dev.extaudiences.core.run.StageProgress;
import dev.extaudiences.core.run.StageStatus;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The property takes the transition rule it checks as an argument, so that {@link SpecsDetectBrokenRulesTest} can
 * show it failing against deliberately broken rules.
 */
@DisplayName("Run state machine: only legal transitions, terminal states final, stages in order")
class IngestionRunSpecTest {

    /** How a run moves when an event happens; refuses with {@link IllegalRunTransition}. */
    interface TransitionRule {

        TransitionRule REAL = IngestionRun::on;

        IngestionRun on(IngestionRun run, RunEvent event, Instant at);
    }

    private record Case(IngestionRun run, List<RunEvent> events) {
    }

    private static Gen<Case> cases() {
        Gen<IngestionRun> runs = Generators.audiences(Generators.freshScope()).zip(Generators.runRequests(),
                (Audience audience, dev.extaudiences.core.run.RunRequest request) -> IngestionRun.start(
                        new RunId("run-1"), audience, request, new Stamp(new UserId("u"), Generators.EPOCH),
                        "flow-1", "flow-2"));
        return runs.zip(lists().of(Generators.runEvents()).ofSizeBetween(0, 30), Case::new);
    }

    /** Applies the events in order, skipping the refused ones, and checks the invariants after every step. */
    @Test
    @DisplayName("under any sequence of events, a refused event changes nothing and a terminal run never moves again")
    void randomEventSequences() {
        randomEventSequences(TransitionRule.REAL);
    }

    static void randomEventSequences(TransitionRule rule) {
        Property.forAll(300, cases(), c -> {
            IngestionRun run = c.run();
            Instant at = Generators.EPOCH;
            for (RunEvent event : c.events()) {
                at = at.plusSeconds(1);
                IngestionRun before = run;
                try {
                    run = rule.on(run, event, at);
                    assertThat(before.isInProgress()).as("only a run in progress accepts events").isTrue();
                } catch (IllegalRunTransition refused) {
                    assertThat(run).isSameAs(before);
                }
                assertInvariants(run);
                if (!before.isInProgress()) {
                    assertThat(run).isEqualTo(before);
                }
            }
        });
    }

    /** Wherever a run stands while in progress, a cancel ends it failed, naming who cancelled it; nothing else moves. */
    @Test
    @DisplayName("a cancel ends a run in progress failed (CANCELLED, naming the caller) at any point, keeping its counts; an ended run refuses it")
    void aCancelEndsARunInProgressAtAnyPoint() {
        cancelAtAnyPoint(TransitionRule.REAL);
    }

    static void cancelAtAnyPoint(TransitionRule rule) {
        Property.forAll(300, cases().zip(Generators.users(), (c, user) -> Map.entry(c, user)), pair -> {
            IngestionRun run = pair.getKey().run();
            Instant at = Generators.EPOCH;
            for (RunEvent event : pair.getKey().events()) {
                at = at.plusSeconds(1);
                try {
                    run = run.on(event, at);
                } catch (IllegalRunTransition refused) {
                    // a refused event changes nothing: the run stays where it was
                }
            }
            Instant cancelledAt = at.plusSeconds(1);
            if (run.isInProgress()) {
                IngestionRun cancelled = rule.on(run, new RunEvent.Cancelled(pair.getValue()), cancelledAt);
                assertThat(cancelled.status()).isEqualTo(new RunStatus.Failed(cancelledAt,
                        new RunFailure(RunFailure.Cause.CANCELLED, "cancelled by " + pair.getValue().value())));
                assertThat(cancelled.counts()).isEqualTo(run.counts());
                assertThat(cancelled.rejections()).isEqualTo(run.rejections());
                assertInvariants(cancelled);
            } else {
                IngestionRun ended = run;
                assertThatThrownBy(() -> rule.on(ended, new RunEvent.Cancelled(pair.getValue()), cancelledAt))
                        .isInstanceOf(IllegalRunTransition.class);
            }
        });
    }

    private static void assertInvariants(IngestionRun run) {
        List<StageProgress> stages = run.stages();
        assertThat(stages).extracting(StageProgress::stage).containsExactly(Stage.values());
        boolean allStagesEnded = stages.stream().allMatch(stage -> stage.status().isTerminal());
        assertThat(run.isInProgress()).as("a run ends exactly when all its stages have").isEqualTo(!allStagesEnded);
        StageProgress dataset = run.stage(Stage.DATASET_INGEST);
        StageProgress profile = run.stage(Stage.PROFILE_STORE_INGEST);
        if (profile.status() == StageStatus.PROCESSING || profile.status() == StageStatus.SUCCESS) {
            assertThat(dataset.status()).as("the profile stage runs only after the dataset stage succeeded")
                    .isEqualTo(StageStatus.SUCCESS);
        }
        if (run.status() instanceof RunStatus.Succeeded) {
            assertThat(stages).allMatch(stage -> stage.status() == StageStatus.SUCCESS
                    || stage.status() == StageStatus.SKIPPED);
            assertThat(dataset.status()).isEqualTo(StageStatus.SUCCESS);
        }
        if (run.status() instanceof RunStatus.Failed) {
            assertThat(run.failure()).isPresent();
            assertThat(stages).noneMatch(stage -> stage.status() == StageStatus.SUCCESS
                    && stage.stage() == Stage.PROFILE_STORE_INGEST);
        }
        assertThat(run.counts().rowsRejected()).isLessThanOrEqualTo(run.counts().rowsRead());
    }
}
