package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertError;
import static dev.extaudiences.testkit.http.Calls.audiencePath;
import static dev.extaudiences.testkit.http.Calls.createdAudience;
import static dev.extaudiences.testkit.http.Calls.endedRun;
import static dev.extaudiences.testkit.http.Calls.unique;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** CONTRACT.md §1, {@code DELETE /external-audience/{audienceId}}, and §2.5: deleting removes the audience's runs. */
public interface DeleteRules extends Rules {

    @Test
    @Tag("required")
    @DisplayName("EA-DELETE-01: DELETE is 204 with an empty body; the audience is then 404, and a second DELETE is 404")
    default void delete() {
        String id = createdAudience(api(), unique("Doomed"));

        ApiClient.Reply deleted = api().call("DELETE", audiencePath(id), null);

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(deleted.text()).as(deleted.toString()).isEmpty();
        assertError(api().call("PATCH", audiencePath(id), "{}"), 404, "100940-404");
        assertError(api().call("DELETE", audiencePath(id), null), 404, "100940-404");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-DELETE-02: DELETE with a trailing slash works too, and takes the audience's runs with it")
    default void deleteWithSlashTakesRuns() {
        String id = createdAudience(api(), unique("Doomed with runs"));
        String runId = endedRun(api(), id).path("runId").asText();

        ApiClient.Reply deleted = api().call("DELETE", audiencePath(id) + "/", null);

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertError(api().call("GET", audiencePath(id) + "/runs/" + runId, null), 404, "100940-404");
        assertError(api().call("GET", audiencePath(id) + "/runs", null), 404, "100940-404");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-DELETE-03: the name of a deleted audience can be used again")
    default void nameFreedByDelete() {
        String name = unique("Reborn");
        String id = createdAudience(api(), name);
        api().call("DELETE", audiencePath(id), null);

        assertThat(createdAudience(api(), name)).isNotEqualTo(id);
    }
}
