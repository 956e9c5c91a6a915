package dev.extaudiences.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.extaudiences.testkit.MutableClock;
import dev.extaudiences.testkit.http.ApiClient;
import dev.extaudiences.testkit.http.Calls;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity hygiene over HTTP, on the server as the composition root wires it (libphonenumber, the settings'
 * default region and namespace rules): normalised at ingestion and at every lookup, hashed at rest on request.
 */
class IdentityHygieneEndToEndTest {

    @TempDir
    static java.nio.file.Path data;
    static TestServer server;
    static final MutableClock CLOCK = new MutableClock(Instant.now());

    @BeforeAll
    static void start() {
        server = new TestServer(data, Map.of("EXTAUDIENCES_RUN_POLL_MILLIS", "50",
                "EXTAUDIENCES_PHONE_DEFAULT_REGION", "US", "EXTAUDIENCES_IDENTITY_RULES", "gmail=email-gmail"), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String audience(ApiClient api, String name, String namespace, String extensions) {
        return Calls.createdAudienceFrom(api, """
                {"name": "%s", "fields": [{"name": "id", "type": "string", "identityNs": "%s"},
                 {"name": "tier", "type": "string"}],
                 "sourceSpec": {"path": "%s.csv", "type": "file"}, "originName": "CUSTOM_UPLOAD"%s}"""
                .formatted(name, namespace, name, extensions));
    }

    private static JsonNode run(ApiClient api, String sandbox, String audienceId, String name, String csv)
            throws IOException {
        IngestionEndToEndTest.write(data.resolve("landing").resolve(TestServer.ORG).resolve(sandbox)
                .resolve(name + ".csv"), csv, CLOCK.instant().minusSeconds(60));
        return IngestionEndToEndTest.runToEnd(api, audienceId,
                IngestionEndToEndTest.window(CLOCK.instant().minus(Duration.ofDays(1)), true));
    }

    @Test
    void phoneNumbersWrittenAnyWayAreOneMemberInE164_andTheRunCountsWhatTheRulesDid() throws IOException {
        String sandbox = IngestionEndToEndTest.sandbox();
        ApiClient api = server.api(sandbox);
        String id = audience(api, "phones", "phone", "");

        JsonNode run = run(api, sandbox, id, "phones", """
                id,tier
                (650) 253-0000,gold
                +1 650.253.0000,platinum
                06 12 34 56 78,silver
                n/a,bronze
                """);

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCESS");
        assertThat(run.at("/metrics/identitiesNormalised").asInt()).isEqualTo(2);
        assertThat(run.at("/metrics/identitiesRejected").asInt()).isEqualTo(2);
        assertThat(run.at("/metrics/identitiesCollapsed").asInt()).as("two spellings of one number, neither E.164")
                .isEqualTo(2);
        assertThat(run.get("errors").toString())
                .contains("the identity value is not a valid phone number for its country")
                .contains("the identity value is not a phone number");
        assertThat(IngestionEndToEndTest.members(api, id)).containsExactly("+16502530000");
        ApiClient.Reply found = api.call("GET", Calls.audiencePath(id) + "/members?limit=10", null);
        assertThat(found.json().at("/members/0/attributes/tier").asText()).isEqualTo("platinum");

        ApiClient.Reply lookedUp = api.call("GET", "/external-audience/members/phone/650-253-0000", null);
        assertThat(lookedUp.status()).as(lookedUp.toString()).isEqualTo(200);
        assertThat(lookedUp.text()).contains(id);
        ApiClient.Reply refused = api.call("GET", "/external-audience/members/phone/not-a-number", null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("errorCode").asText()).isEqualTo("100910-400");
        assertThat(refused.json().get("detail").asText()).startsWith("value: ").contains("not-a-number");

        JsonNode again = run(api, sandbox, id, "phones", """
                id,tier
                +16502530000,gold
                650-253-0000,silver
                (415) 555-0100,new
                """);
        assertThat(again.get("status").asText()).as(again.toString()).isEqualTo("SUCCESS");
        assertThat(again.at("/metrics/identitiesNormalised").asInt()).isEqualTo(2);
        assertThat(again.at("/metrics/identitiesCollapsed").asInt())
                .as("650-253-0000 meets the member of the run before; +1 415 meets no one; E.164 is not normalised")
                .isEqualTo(1);
    }

    @Test
    void anAudienceHashedAtRestShowsOnlyHashes_findsAnyForm_andRefusesToStopHashingOnceItHasMembers()
            throws IOException {
        String sandbox = IngestionEndToEndTest.sandbox();
        ApiClient api = server.api(sandbox);
        String id = audience(api, "hashed", "gmail", ", \"hashedAtRest\": true, \"phoneRegion\": \"fr\"");
        ApiClient.Reply created = api.call("GET", Calls.audiencePath(id), null);
        assertThat(created.json().get("hashedAtRest").asBoolean()).isTrue();
        assertThat(created.json().get("phoneRegion").asText()).isEqualTo("FR");

        JsonNode run = run(api, sandbox, id, "hashed",
                "id,tier\n Ada.Lovelace+ads@GoogleMail.com ,gold\nadalovelace@gmail.com,gold\n");

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCESS");
        assertThat(run.at("/metrics/identitiesCollapsed").asInt()).as("compared as hashes, still one collapse")
                .isEqualTo(1);
        // sha256("adalovelace@gmail.com"): the gmail rule, then the hash
        String hash = dev.extaudiences.core.identity.Sha256.hex("adalovelace@gmail.com");
        assertThat(IngestionEndToEndTest.members(api, id)).containsExactly(hash);
        ApiClient.Reply lookedUp = api.call("GET", "/external-audience/members/gmail/ada.lovelace@gmail.com", null);
        assertThat(lookedUp.status()).as(lookedUp.toString()).isEqualTo(200);
        assertThat(lookedUp.text()).contains(id).contains(hash).doesNotContain("lovelace");

        ApiClient.Reply refused = api.call("PATCH", Calls.audiencePath(id), "{\"hashedAtRest\": false}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("errorCode").asText()).isEqualTo("100960-422");
        assertThat(refused.json().get("detail").asText()).contains("hashedAtRest");
        ApiClient.Reply notABoolean = api.call("PATCH", Calls.audiencePath(id), "{\"hashedAtRest\": \"no\"}");
        assertThat(notABoolean.status()).isEqualTo(400);
        assertThat(notABoolean.json().get("detail").asText()).startsWith("hashedAtRest");
    }

    @Test
    void aClientOfTheContractAloneSeesNoExtensionPropertiesAndABadRegionIsA400NamingIt() {
        String sandbox = IngestionEndToEndTest.sandbox();
        ApiClient api = server.api(sandbox);
        String id = audience(api, "plain", "email", "");
        JsonNode audience = api.call("GET", Calls.audiencePath(id), null).json();
        assertThat(audience.has("hashedAtRest")).isFalse();
        assertThat(audience.has("phoneRegion")).isFalse();

        ApiClient.Reply refused = api.call("POST", "/external-audience/", """
                {"name": "bad region", "fields": [{"name": "id", "type": "string", "identityNs": "phone"}],
                 "sourceSpec": {"path": "x.csv", "type": "file"}, "originName": "CUSTOM_UPLOAD",
                 "phoneRegion": "France"}""");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText()).startsWith("phoneRegion");
    }
}
