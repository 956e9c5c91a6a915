package dev.extaudiences.testkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.extaudiences.core.audience.Ttl;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TTL: 1 to 90 days; a member lives until its last ingestion plus the current TTL")
class TtlSpecTest {

    private record Moment(Ttl ttl, long secondsAfterIngestion) {
    }

    @Test
    @DisplayName("over all integers, a TTL exists exactly for 1..90 days; any other value is refused naming ttlInDays")
    void boundsOverAllIntegers() {
        Property.forAll(500, integers().all().mix(integers().between(-3, 95), 50), days -> {
            Throwable thrown = catchThrowable(() -> Ttl.ofDays(days));
            if (days >= 1 && days <= 90) {
                assertThat(thrown).isNull();
                assertThat(Ttl.ofDays(days).days()).isEqualTo(days);
            } else {
                assertThat(thrown).isInstanceOf(DomainException.class);
                assertThat(((DomainException) thrown).error()).isInstanceOfSatisfying(DomainError.Invalid.class,
                        invalid -> assertThat(invalid.field()).isEqualTo("ttlInDays"));
            }
        });
    }

    @Test
    @DisplayName("the bounds themselves: 0 and 91 are refused, 1 and 90 kept, 30 is the default")
    void edges() {
        assertThat(catchThrowable(() -> Ttl.ofDays(0))).isInstanceOf(DomainException.class);
        assertThat(catchThrowable(() -> Ttl.ofDays(91))).isInstanceOf(DomainException.class);
        assertThat(Ttl.ofDays(1).days()).isEqualTo(1);
        assertThat(Ttl.ofDays(90).days()).isEqualTo(90);
        assertThat(Ttl.DEFAULT).isEqualTo(Ttl.ofDays(30));
    }

    @Test
    @DisplayName("a member is live exactly while now is before last ingestion + TTL, and the cutoff agrees")
    void livenessAgreesWithCutoff() {
        Property.forAll(Generators.ttls().zip(longs().between(-100L * 86_400, 100L * 86_400), Moment::new), moment -> {
            Ttl ttl = moment.ttl();
            Instant lastIngested = Generators.EPOCH;
            Instant now = lastIngested.plusSeconds(moment.secondsAfterIngestion());
            boolean live = now.isBefore(lastIngested.plus(ttl.duration()));

            assertThat(ttl.isLive(lastIngested, now)).isEqualTo(live);
            assertThat(lastIngested.isAfter(ttl.expiredAtOrBefore(now))).isEqualTo(live);
        });
    }
}
