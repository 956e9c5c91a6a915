package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertErrorNamingOneOf;
import static dev.extaudiences.testkit.http.Calls.createdAudience;
import static dev.extaudiences.testkit.http.Calls.endedRun;
import static dev.extaudiences.testkit.http.Calls.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT.md §1, guardrails. The limits are configurable in an implementation; the kit checks the public service's
 * defaults, 10 runs per audience and 100 per sandbox, unless {@code testkit.runsPerAudience} and
 * {@code testkit.runsPerSandbox} say otherwise.
 */
public interface GuardrailRules extends Rules {

    @Test
    @Tag("required")
    @DisplayName("EA-GUARD-01: one run more than the runs-per-audience guardrail (10 by default) is 422 100960-422 saying which limit")
    default void runsPerAudience() {
        int limit = api().target().runsPerAudience();
        String id = createdAudience(api(), unique("Guarded"));
        for (int run = 0; run < limit; run++) {
            endedRun(api(), id);
        }

        ApiClient.Reply refused = Calls.startRun(api(), id);

        // "says which limit": by its number or by what it limits, in any wording
        assertErrorNamingOneOf(refused, 422, "100960-422", List.of(String.valueOf(limit), "audience"));
    }

    /**
     * The runs go to a sandbox of their own, so that no other rule's runs count, across as many audiences as the
     * runs-per-audience limit needs, started a round at a time (one run per audience in progress at most). The refused
     * run is the first of a fresh audience, so that only the sandbox's limit can refuse it.
     */
    @Test
    @Tag("required")
    @DisplayName("EA-GUARD-02: one run more than the runs-per-sandbox guardrail (100 by default), across several audiences of one sandbox, is 422 100960-422 saying which limit")
    default void runsPerSandbox() {
        int limit = api().target().runsPerSandbox();
        int perAudience = api().target().runsPerAudience();
        ApiClient sandbox = new ApiClient(api().target().inSandbox("guard-" + UUID.randomUUID().toString()
                .substring(0, 8)));
        List<String> audiences = new ArrayList<>();
        for (int i = 0; i < (limit + perAudience - 1) / perAudience; i++) {
            audiences.add(createdAudience(sandbox, unique("Sandbox guarded")));
        }
        int started = 0;
        while (started < limit) {
            Map<String, String> round = new LinkedHashMap<>();
            for (String id : audiences) {
                if (started == limit) {
                    break;
                }
                ApiClient.Reply run = Calls.startRun(sandbox, id);
                assertThat(run.status()).as("run %d of the sandbox's %d (is --runs-per-sandbox %d right?): %s",
                        started + 1, limit, limit, run).isEqualTo(200);
                round.put(id, run.json().path("runId").asText());
                started++;
            }
            round.forEach((id, runId) -> Calls.awaitRunEnded(sandbox, id, runId));
        }

        ApiClient.Reply refused = Calls.startRun(sandbox, createdAudience(sandbox, unique("Sandbox guarded")));

        assertErrorNamingOneOf(refused, 422, "100960-422", List.of(String.valueOf(limit), "sandbox"));
    }
}
