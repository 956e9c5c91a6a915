package dev.extaudiences.standin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** State is reset between tests without a restart (a fresh sandbox), per test by default or per class on request. */
class ResetTest {

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class PerTestByDefault {

        @RegisterExtension
        static StandInExtension audiences = StandInExtension.builder().build();

        static int port;

        @Test
        @Order(1)
        void aTestLeavesAnAudienceAFileAndAFault() {
            port = java.net.URI.create(audiences.baseUrl()).getPort();
            new TeamClient(audiences).createGoldAudience();
            audiences.dropFile("crm/gold/members.csv", "email,tier\nada@example.com,gold\n");
            audiences.failNext("GET", "/external-audience", 1, Fault.BAD_GATEWAY);
        }

        @Test
        @Order(2)
        void theNextOneSeesNoneOfItOnTheSameServer() {
            assertThat(java.net.URI.create(audiences.baseUrl()).getPort()).isEqualTo(port);
            TeamClient.Reply list = new TeamClient(audiences).get("/external-audience");

            assertThat(list.status()).isEqualTo(200);
            assertThat(list.json().path("audiences").size()).isZero();
            assertThat(audiences.landingZone().resolve("crm/gold/members.csv")).doesNotExist();
        }
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class PerClassOnRequest {

        @RegisterExtension
        static StandInExtension audiences = StandInExtension.builder().resetPerClass().sandbox("shared").build();

        @Test
        @Order(1)
        void aTestLeavesAnAudience() {
            assertThat(audiences.sandbox()).isEqualTo("shared");
            new TeamClient(audiences).createGoldAudience();
        }

        @Test
        @Order(2)
        void theNextOneOfTheClassSeesIt() {
            assertThat(new TeamClient(audiences).get("/external-audience").json().path("audiences").size())
                    .isEqualTo(1);
        }

        @Test
        @Order(3)
        void aResetByHandStartsAfresh() {
            audiences.reset();

            assertThat(audiences.sandbox()).isNotEqualTo("shared");
            assertThat(new TeamClient(audiences).get("/external-audience").json().path("audiences").size()).isZero();
        }
    }
}
