package dev.extaudiences.standin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The annotation's defaults: a server on a free port, with credentials, org and sandbox the test reads. */
@ExternalAudiencesTest
class StartAndStopTest {

    @Test
    void aTeamsClientCallsTheServerWithWhatTheStandInGivesIt(StandIn standIn) {
        assertThat(standIn.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/data/core/ais");
        assertThat(standIn.orgId()).isEqualTo("12345@AdobeOrg");
        assertThat(standIn.headers()).containsEntry("Authorization", "Bearer " + standIn.token())
                .containsEntry("x-api-key", standIn.apiKey()).containsEntry("x-sandbox-name", standIn.sandbox());

        TeamClient client = new TeamClient(standIn);
        String audienceId = client.createGoldAudience();

        TeamClient.Reply audience = client.get("/external-audience/" + audienceId);
        assertThat(audience.status()).isEqualTo(200);
        assertThat(audience.json().path("audienceName").asText()).isEqualTo("Loyalty tier gold");
    }

    @Test
    void aCallWithoutTheTokenIsRefusedAsTheServiceWould(StandIn standIn) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(standIn.baseUrl() + "/external-audience")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"errorCode\":\"100920-401\"");
    }
}
