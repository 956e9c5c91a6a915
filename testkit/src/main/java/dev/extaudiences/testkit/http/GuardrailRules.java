package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertError;
import static dev.extaudiences.testkit.http.Calls.createdAudience;
import static dev.extaudiences.testkit.http.Calls.endedRun;
import static dev.extaudiences.testkit.http.Calls.unique;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT.md §1, guardrails. The limits are configurable in an implementation; the kit checks the public service's default
 * of 10 runs per audience unless {@code testkit.runsPerAudience} says otherwise.
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

        assertError(refused, 422, "100960-422");
        org.assertj.core.api.Assertions.assertThat(refused.json().path("detail").asText()).as(refused.toString())
                .contains(String.valueOf(limit));
    }
}
