package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertErrorNamingOneOf;
import static dev.extaudiences.testkit.http.Calls.createdAudience;
import static dev.extaudiences.testkit.http.Calls.endedRun;
import static dev.extaudiences.testkit.http.Calls.unique;

import java.util.List;
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

        // "says which limit": by its number or by what it limits, in any wording
        assertErrorNamingOneOf(refused, 422, "100960-422", List.of(String.valueOf(limit), "audience"));
    }
}
