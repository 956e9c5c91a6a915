package dev.extaudiences.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.run.RunWindow;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What an {@link IngestionRuns} store tells of the daily guardrails' counts, which the quotas show: the very figures
 * its adds decide on. Rule ids are stable: QUO-nn.
 */
public abstract class RunDayCountsContract extends StoresContract {

    private static final UserId STARTER = new UserId("starter@example.com");

    private IngestionRuns runs() {
        return stores.runs();
    }

    private static IngestionRun newRun(Audience audience, Instant at) {
        return IngestionRun.start(new RunId(UUID.randomUUID().toString()), audience,
                new RunRequest(new RunWindow(at.minusSeconds(3600), Optional.empty()), IngestionMode.DIFFERENTIAL),
                new Stamp(STARTER, at), UUID.randomUUID().toString(), UUID.randomUUID().toString());
    }

    /** Adds a run and ends it at once, so that the next run of the audience may start. */
    private void addEnded(IngestionRun run, RunGuardrails guardrails) {
        runs().add(run, guardrails);
        runs().update(run.on(new RunEvent.Abandoned(new RunFailure(RunFailure.Cause.INTERRUPTED, "test")),
                run.created().at().plusSeconds(1)));
    }

    @Test
    @DisplayName("QUO-01: the day counts are the accepted runs of that UTC day, per audience and per sandbox, of that scope only; a refused run is not counted")
    void quo01_countsOfTheDay() {
        TenantScope scope = freshScope();
        Audience audience = storedAudience(scope);
        Audience sibling = storedAudience(scope);
        Audience stranger = storedAudience(freshScope());
        RunGuardrails guardrails = new RunGuardrails(2, 100);
        Instant day = RunGuardrails.dayStart(Generators.EPOCH.plus(Duration.ofDays(30)));
        addEnded(newRun(audience, day.minusSeconds(1)), guardrails);
        addEnded(newRun(audience, day), guardrails);
        addEnded(newRun(audience, day.plusSeconds(10)), guardrails);
        Throwable refused = catchThrowable(() -> runs().add(newRun(audience, day.plusSeconds(20)), guardrails));
        addEnded(newRun(sibling, day.plusSeconds(30)), guardrails);
        addEnded(newRun(stranger, day.plusSeconds(40)), guardrails);

        assertThat(refused).isInstanceOf(DomainException.class);
        assertThat(runs().runsCounted(scope, audience.id(), day)).isEqualTo(2);
        assertThat(runs().runsCounted(scope, sibling.id(), day)).isEqualTo(1);
        assertThat(runs().runsCounted(scope, day)).isEqualTo(3);
        assertThat(runs().runsCounted(scope, audience.id(), day.minus(Duration.ofDays(1)))).isEqualTo(1);
        assertThat(runs().runsCounted(scope, day.plus(Duration.ofDays(1)))).isZero();
        assertThat(runs().runsCounted(stranger.scope(), day)).isEqualTo(1);
        assertThat(runs().runsCounted(stranger.scope(), audience.id(), day)).isZero();
    }

    @Test
    @DisplayName("QUO-02: removing an audience's runs forgets its own count, but the sandbox keeps counting them for the day")
    void quo02_sandboxKeepsDeletedRuns() {
        TenantScope scope = freshScope();
        Audience doomed = storedAudience(scope);
        Instant day = RunGuardrails.dayStart(Generators.EPOCH.plus(Duration.ofDays(31)));
        addEnded(newRun(doomed, day.plusSeconds(1)), RunGuardrails.DEFAULTS);
        addEnded(newRun(doomed, day.plusSeconds(2)), RunGuardrails.DEFAULTS);

        runs().removeAll(scope, doomed.id());

        assertThat(runs().runsCounted(scope, doomed.id(), day)).isZero();
        assertThat(runs().runsCounted(scope, day)).isEqualTo(2);
    }
}
