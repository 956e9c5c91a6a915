package dev.extaudiences.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A CSV put into the landing zone, a run over it awaited, and the members it wrote read back. */
class LandingZoneTest {

    @RegisterExtension
    static StandInExtension audiences = StandInExtension.builder().build();

    private final TeamClient client = new TeamClient(audiences);

    @Test
    void aDroppedFileIsIngestedByARunAndItsMembersAreRead() {
        String audienceId = client.createGoldAudience();
        audiences.dropFile("crm/gold/members.csv", "email,tier\nada@example.com,gold\n,gold\nbob@example.com,platinum\n");

        StandIn.Run run = audiences.awaitRun(audienceId, client.startRun(audienceId));

        assertThat(run.status()).isEqualTo("SUCCESS");
        assertThat(run.metric("membersAdded")).isEqualTo(2);
        assertThat(run.metric("rowsRejected")).isEqualTo(1);
        assertThat(run.errors()).containsExactly("the identity value is empty");
        assertThat(audiences.members(audienceId)).extracting(StandIn.Member::value, m -> m.attributes().get("tier"))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ada@example.com", "gold"),
                        org.assertj.core.groups.Tuple.tuple("bob@example.com", "platinum"));
    }

    @Test
    void aFileCanComeFromTheTestsResources() {
        String audienceId = client.createGoldAudience();
        audiences.dropResource("crm/gold/members.csv", "gold-members.csv");

        StandIn.Run run = audiences.awaitRun(audienceId, client.startRun(audienceId));

        assertThat(run.succeeded()).as(run.json()).isTrue();
        assertThat(audiences.members(audienceId)).hasSize(3);
    }

    @Test
    void aRunWithoutItsFileEndsFailedAndIsAnsweredAsItEnded() {
        String audienceId = client.createGoldAudience();

        StandIn.Run run = audiences.awaitRun(audienceId, client.startRun(audienceId));

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.json()).contains("crm/gold/members.csv");
    }

    @Test
    void aPathOutOfTheLandingZoneIsRefused() {
        assertThatThrownBy(() -> audiences.dropFile("../elsewhere.csv", "email\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaves the landing zone");
    }
}
