package dev.extaudiences.standin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server's own database code, on embedded H2 in the stand-in's temporary directory. */
class H2StoreTest {

    @RegisterExtension
    static StandInExtension audiences = StandInExtension.builder().h2().build();

    @Test
    void aRunOverH2WritesItsMembers() {
        TeamClient client = new TeamClient(audiences);
        String audienceId = client.createGoldAudience();
        audiences.dropFile("crm/gold/members.csv", "email,tier\nada@example.com,gold\n");

        assertThat(audiences.awaitRun(audienceId, client.startRun(audienceId)).succeeded()).isTrue();
        assertThat(audiences.members(audienceId)).extracting(StandIn.Member::value).containsExactly("ada@example.com");
    }
}
