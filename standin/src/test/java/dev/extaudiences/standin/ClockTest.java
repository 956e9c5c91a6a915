package dev.extaudiences.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Time where the contract depends on it: TTL expiry and the guardrail's day, moved by the test. */
class ClockTest {

    @RegisterExtension
    static StandInExtension audiences = StandInExtension.builder().guardrails(1, 100)
            .clockStartingAt(Instant.parse("2030-01-01T09:00:00Z")).build();

    private final TeamClient client = new TeamClient(audiences);

    @Test
    void membersExpireOnceTheirTtlHasPassedOnTheServersClock() {
        String audienceId = client.createGoldAudience(); // ttlInDays 30
        audiences.dropFile("crm/gold/members.csv", "email,tier\nada@example.com,gold\n");
        assertThat(audiences.awaitRun(audienceId, client.startRun(audienceId)).succeeded()).isTrue();

        audiences.advance(Duration.ofDays(29));
        assertThat(audiences.members(audienceId)).hasSize(1);

        audiences.advance(Duration.ofDays(2));
        assertThat(audiences.members(audienceId)).isEmpty();
    }

    @Test
    void theGuardrailOfTheDayLiftsTheNextDay() {
        String audienceId = client.createGoldAudience();
        audiences.awaitRun(audienceId, client.startRun(audienceId));

        TeamClient.Reply refused = client.post("/external-audience/" + audienceId + "/runs", "{\"dataFilterStartTime\": 0}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("detail").asText()).contains("limit of 1 ingestion runs per day");

        audiences.advance(Duration.ofDays(1));
        assertThat(client.post("/external-audience/" + audienceId + "/runs", "{\"dataFilterStartTime\": 0}").status())
                .isEqualTo(200);
    }

    @Test
    void theClockStartsWhereTheTestSaidAndNeverGoesBack() {
        assertThat(audiences.clock().instant()).isAfterOrEqualTo(Instant.parse("2030-01-01T09:00:00Z"));
        assertThatThrownBy(() -> audiences.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
