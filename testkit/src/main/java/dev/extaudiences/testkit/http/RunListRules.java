package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertErrorNaming;
import static dev.extaudiences.testkit.http.Calls.audiencePath;
import static dev.extaudiences.testkit.http.Calls.createdAudience;
import static dev.extaudiences.testkit.http.Calls.endedRun;
import static dev.extaudiences.testkit.http.Calls.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** CONTRACT.md §1, {@code GET /external-audience/{id}/runs}: limit, start, sortBy and property filters. */
public interface RunListRules extends Rules {

    /** An audience with three ended runs (on a missing file, so each ended FAILED); answers its id. */
    private String audienceWithThreeRuns(String name) {
        String id = createdAudience(api(), unique(name));
        for (int i = 0; i < 3; i++) {
            endedRun(api(), id);
        }
        return id;
    }

    /**
     * An audience with three ended runs started at least a second apart, so that their epoch-second createdAt differ:
     * the contract does not order runs created within one second, and an implementation may order those either way.
     */
    private List<String> threeRunsSecondsApart(String audienceId) {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                Calls.pastTheSecond();
            }
            started.add(endedRun(api(), audienceId).path("runId").asText());
        }
        return started;
    }

    private ApiClient.Reply list(String audienceId, String query) {
        return api().call("GET", audiencePath(audienceId) + "/runs" + query, null);
    }

    private List<String> runIds(ApiClient.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().path("runs").forEach(run -> ids.add(run.path("runId").asText()));
        return ids;
    }

    @Test
    @Tag("required")
    @DisplayName("EA-LIST-01: a runs list honours limit and reports limit, count and totalCount in _page")
    default void limit() {
        String id = audienceWithThreeRuns("Limited");

        ApiClient.Reply page = list(id, "?limit=2");

        assertThat(runIds(page)).as(page.toString()).hasSize(2);
        JsonNode paging = page.json().path("_page");
        assertThat(paging.path("limit").asInt()).as(page.toString()).isEqualTo(2);
        assertThat(paging.path("count").asInt()).as(page.toString()).isEqualTo(2);
        assertThat(paging.path("totalCount").asInt()).as(page.toString()).isEqualTo(3);
        assertThat(list(id, "").json().path("_page").path("limit").asInt()).as("the default limit").isEqualTo(20);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-LIST-02: start pages through the list: pages of one, in order, hold every run once")
    default void start() {
        String id = createdAudience(api(), unique("Paged"));
        threeRunsSecondsApart(id);
        List<String> all = runIds(list(id, ""));

        List<String> paged = new ArrayList<>();
        for (int start = 0; start < 4; start++) {
            paged.addAll(runIds(list(id, "?limit=1&start=" + start)));
        }

        assertThat(all).hasSize(3);
        assertThat(paged).as("pages of one with start 0..3").isEqualTo(all);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-LIST-03: runs are newest first by default (-createdAt), oldest first with sortBy=createdAt or its older name ingestionTime")
    default void sorting() {
        String id = createdAudience(api(), unique("Sorted"));
        List<String> started = threeRunsSecondsApart(id);

        assertThat(runIds(list(id, ""))).as("the default order").isEqualTo(List.of(started.get(2), started.get(1),
                started.get(0)));
        assertThat(runIds(list(id, "?sortBy=-createdAt"))).as("sortBy=-createdAt").isEqualTo(runIds(list(id, "")));
        assertThat(runIds(list(id, "?sortBy=createdAt"))).as("sortBy=createdAt").isEqualTo(started);
        assertThat(runIds(list(id, "?sortBy=ingestionTime"))).as("sortBy=ingestionTime").isEqualTo(started);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-LIST-04: property filters on status (=, !=) and createdAt (<, >=; 13 digits are milliseconds) select exactly the matching runs")
    default void filters() {
        String id = audienceWithThreeRuns("Filtered");
        long tomorrowSeconds = System.currentTimeMillis() / 1000 + 86_400;
        Map<String, Integer> expected = Map.of(
                "?property=status=FAILED", 3,
                "?property=status!=FAILED", 0,
                "?property=status=SUCCESS", 0,
                "?property=createdAt<" + tomorrowSeconds * 1000, 3,
                "?property=createdAt<" + tomorrowSeconds, 3,
                "?property=createdAt>=" + tomorrowSeconds * 1000, 0,
                "?property=ingestionTime<1000000000", 0,
                "?property=status=FAILED&property=createdAt>=1000000000000", 3);

        expected.forEach((query, count) -> {
            ApiClient.Reply filtered = list(id, query);
            assertThat(runIds(filtered)).as("%s answered %s", query, filtered).hasSize(count);
            assertThat(filtered.json().path("_page").path("totalCount").asInt()).as(filtered.toString())
                    .isEqualTo(count);
        });
    }

    @Test
    @Tag("required")
    @DisplayName("EA-LIST-05: a malformed limit, start, sortBy or property is 400 100910-400 naming the parameter")
    default void malformedQueries() {
        String id = createdAudience(api(), unique("Malformed"));
        Map<String, String> malformed = Map.of(
                "?limit=0", "limit", "?limit=41", "limit", "?limit=many", "limit",
                "?start=-1", "start",
                "?sortBy=size", "sortBy",
                "?property=colour=red", "property", "?property=status~SUCCESS", "property",
                "?property=createdAt=contains1", "property");

        malformed.forEach((query, named) -> assertErrorNaming(list(id, query), 400, "100910-400", named));
    }
}
