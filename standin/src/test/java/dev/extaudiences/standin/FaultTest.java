package dev.extaudiences.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Injected faults, for a team's test of its client's retries: the next N calls of a route answer 502 or 422. */
@ExternalAudiencesTest
class FaultTest {

    /** A team's client that retries a 502 up to three times, and gives up on anything else. */
    private static TeamClient.Reply withRetries(java.util.function.Supplier<TeamClient.Reply> call, List<Integer> seen) {
        TeamClient.Reply reply = call.get();
        seen.add(reply.status());
        for (int attempt = 1; attempt <= 3 && reply.status() == 502; attempt++) {
            reply = call.get();
            seen.add(reply.status());
        }
        return reply;
    }

    @Test
    void twoBadGatewaysThenTheRealAnswer(StandIn standIn) {
        TeamClient client = new TeamClient(standIn);
        String audienceId = client.createGoldAudience();
        standIn.failNext("POST", "/external-audience/*/runs", 2, Fault.BAD_GATEWAY);
        List<Integer> seen = new ArrayList<>();

        TeamClient.Reply reply = withRetries(() -> client.post("/external-audience/" + audienceId + "/runs",
                "{\"dataFilterStartTime\": 0}"), seen);

        assertThat(seen).containsExactly(502, 502, 200);
        assertThat(reply.json().path("runId").asText()).isNotEmpty();
    }

    @Test
    void aFaultHasTheServersErrorShapeAndReachesNothing(StandIn standIn) {
        TeamClient client = new TeamClient(standIn);
        standIn.failNext("POST", "/external-audience", 1, Fault.BAD_GATEWAY);

        TeamClient.Reply reply = client.post("/external-audience/", TeamClient.GOLD_AUDIENCE);

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.json().path("errorCode").asText()).isEqualTo("100970-502");
        assertThat(reply.json().path("requestId").asText()).isNotEmpty();
        assertThat(client.get("/external-audience").json().path("audiences").size()).isZero();
    }

    @Test
    void aGuardrailIsNotRetried(StandIn standIn) {
        TeamClient client = new TeamClient(standIn);
        String audienceId = client.createGoldAudience();
        standIn.failNext("POST", "/external-audience/" + audienceId + "/runs", 1, Fault.GUARDRAIL);
        List<Integer> seen = new ArrayList<>();

        TeamClient.Reply reply = withRetries(() -> client.post("/external-audience/" + audienceId + "/runs",
                "{\"dataFilterStartTime\": 0}"), seen);

        assertThat(seen).containsExactly(422);
        assertThat(reply.json().path("errorCode").asText()).isEqualTo("100960-422");
        assertThat(reply.json().path("detail").asText()).contains("ingestion runs per day");
    }

    @Test
    void otherRoutesAndMethodsAreUntouched(StandIn standIn) {
        TeamClient client = new TeamClient(standIn);
        standIn.failNext("DELETE", "/external-audience/*", 5, Fault.BAD_GATEWAY);

        assertThat(client.get("/external-audience").status()).isEqualTo(200);
        assertThat(client.post("/external-audience/", TeamClient.GOLD_AUDIENCE).status()).isEqualTo(202);
    }
}
