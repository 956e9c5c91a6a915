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
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The properties take the rule they check as an argument, so that {@link SpecsDetectBrokenRulesTest} can show each
 * of them failing against a deliberately broken rule.
 */
@DisplayName("TTL: 1 to 90 days; a member lives until its last ingestion plus the current TTL")
class TtlSpecTest {

    /** When a member last ingested at some instant is live, under a TTL. */
    interface ExpiryRule {

        ExpiryRule REAL = of(Ttl::isLive, Ttl::expiredAtOrBefore);

        boolean isLive(Ttl ttl, Instant lastIngested, Instant now);

        /** The cutoff stores filter on: a member last ingested at or before it has expired. */
        Instant expiredAtOrBefore(Ttl ttl, Instant now);

        interface Liveness {
            boolean isLive(Ttl ttl, Instant lastIngested, Instant now);
        }

        static ExpiryRule of(Liveness liveness, BiFunction<Ttl, Instant, Instant> cutoff) {
            return new ExpiryRule() {
                @Override
                public boolean isLive(Ttl ttl, Instant lastIngested, Instant now) {
                    return liveness.isLive(ttl, lastIngested, now);
                }

                @Override
                public Instant expiredAtOrBefore(Ttl ttl, Instant now) {
                    return cutoff.apply(ttl, now);
                }
            };
        }
    }

    private record Moment(Ttl ttl, long secondsAfterIngestion) {
    }

    @Test
    @DisplayName("over all integers, a TTL exists exactly for 1..90 days; any other value is refused naming ttlInDays")
    void boundsOverAllIntegers() {
        boundsHold(Ttl::ofDays);
    }

    static void boundsHold(IntFunction<Ttl> ttlOfDays) {
        // half the draws sit on the bounds and their neighbours, where an off-by-one lives
        Gen<Integer> nearTheBounds = Generate.oneOf(integers().between(Ttl.MIN_DAYS - 2, Ttl.MIN_DAYS + 2),
                integers().between(Ttl.MAX_DAYS - 2, Ttl.MAX_DAYS + 2));
        Property.forAll(500, integers().all().mix(nearTheBounds, 50), days -> {
            Throwable thrown = catchThrowable(() -> ttlOfDays.apply(days));
            if (days >= 1 && days <= 90) {
                assertThat(thrown).as("%d days", days).isNull();
                assertThat(ttlOfDays.apply(days).days()).isEqualTo(days);
            } else {
                assertThat(thrown).as("%d days", days).isInstanceOf(DomainException.class);
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
        livenessHolds(ExpiryRule.REAL);
    }

    /** Half the moments lie within a second of the expiry instant, where an off-by-one lives. */
    private static Gen<Moment> moments() {
        return Generators.ttls().flatMap(ttl -> {
            long expiry = ttl.duration().toSeconds();
            return longs().between(-100L * 86_400, 100L * 86_400).mix(longs().between(expiry - 1, expiry + 1), 50)
                    .map(seconds -> new Moment(ttl, seconds));
        });
    }

    static void livenessHolds(ExpiryRule rule) {
        Property.forAll(moments(), moment -> {
            Ttl ttl = moment.ttl();
            Instant lastIngested = Generators.EPOCH;
            Instant now = lastIngested.plusSeconds(moment.secondsAfterIngestion());
            boolean live = now.isBefore(lastIngested.plus(ttl.duration()));

            assertThat(rule.isLive(ttl, lastIngested, now)).as("live").isEqualTo(live);
            assertThat(lastIngested.isAfter(rule.expiredAtOrBefore(ttl, now))).as("after the cutoff").isEqualTo(live);
        });
    }
}
