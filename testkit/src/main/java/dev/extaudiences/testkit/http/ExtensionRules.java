package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertError;
import static dev.extaudiences.testkit.http.Calls.audiencePath;
import static dev.extaudiences.testkit.http.Calls.createdAudience;
import static dev.extaudiences.testkit.http.Calls.unique;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** This project's additions to the public API: an implementation of the public contract alone may skip them. */
public interface ExtensionRules extends Rules {

    @Test
    @Tag("extension")
    @DisplayName("EA-EXT-01: GET one audience answers it; another sandbox's is 404")
    default void getAudience() {
        String name = unique("Readable");
        String id = createdAudience(api(), name);

        ApiClient.Reply audience = api().call("GET", audiencePath(id), null);

        assertThat(audience.status()).as(audience.toString()).isEqualTo(200);
        assertThat(audience.json().path("audienceName").asText()).as(audience.toString()).isEqualTo(name);
        ApiClient other = new ApiClient(api().target().inSandbox(api().target().otherSandbox()));
        assertError(other.call("GET", audiencePath(id), null), 404, "100940-404");
    }

    @Test
    @Tag("extension")
    @DisplayName("EA-EXT-02: the audiences list pages through the sandbox's audiences with limit and _page")
    default void listAudiences() {
        createdAudience(api(), unique("Listed one"));
        createdAudience(api(), unique("Listed two"));

        ApiClient.Reply page = api().call("GET", "/external-audience?limit=1", null);

        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.json().path("_page").path("limit").asInt()).as(page.toString()).isEqualTo(1);
        assertThat(page.json().path("_page").path("totalCount").asInt()).as(page.toString()).isGreaterThanOrEqualTo(2);
    }
}
