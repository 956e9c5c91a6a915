package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the port contracts cannot see: a full merge leaves the rows of the generation it replaced behind, invisible,
 * and the sweeper removes them in batches.
 */
class MemberGenerationsTest {

    static Stream<JdbiDatabase> databases() {
        return Stream.of(TestDatabases.h2(), TestDatabases.postgres());
    }

    // the databases are shared by every test of this module: not for JUnit to close after this one
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("databases")
    void aFullMergeHidesTheGenerationItReplacesAtOnceAndTheSweeperRemovesItsRows(JdbiDatabase database) {
        StagedMembers staging = database.stores().stagedMembers();
        Members members = database.stores().members();
        Audience audience = Property.sample(Generators.audiences(Generators.freshScope()));
        database.stores().audiences().add(audience);
        Instant at = Generators.EPOCH;
        Instant cutoff = at.minusSeconds(1);
        merge(staging, audience, List.of("a", "b"), at, cutoff);

        merge(staging, audience, List.of("b", "c"), at.plusSeconds(60), cutoff);

        assertThat(members.list(audience.scope(), audience.id(), cutoff, PageRequest.first(10)).items())
                .extracting(member -> member.identity().value()).containsExactly("b@x", "c@x");
        assertThat(members.memberships(audience.scope(), Identity.of("email", "a@x"))).isEmpty();
        assertThat(members.memberships(audience.scope(), Identity.of("email", "b@x"))).extracting(Member::audienceId)
                .containsExactly(audience.id());
        assertThat(rows(database, audience)).as("both generations' rows, before the sweep").isEqualTo(4);

        int expired = members.removeExpired(audience.scope(), audience.id(), cutoff, 1);

        assertThat(expired).as("nothing was expired").isZero();
        assertThat(rows(database, audience)).as("the current generation's rows, after the sweep").isEqualTo(2);
        assertThat(members.list(audience.scope(), audience.id(), cutoff, PageRequest.first(10)).items())
                .extracting(member -> member.identity().value()).containsExactly("b@x", "c@x");
    }

    private static void merge(StagedMembers staging, Audience audience, List<String> names, Instant at,
                              Instant cutoff) {
        RunId run = new RunId(UUID.randomUUID().toString());
        staging.stage(audience.scope(), audience.id(), run, names.stream()
                .map(name -> new StagedMember(Identity.of("email", name + "@x"), Map.of())).toList());
        staging.merge(audience.scope(), audience.id(), run, IngestionMode.FULL, at, cutoff);
    }

    private static long rows(JdbiDatabase database, Audience audience) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM members WHERE org_id = :org"
                        + " AND sandbox_name = :sandbox AND audience_id = :audience")
                .bind("org", audience.scope().orgId()).bind("sandbox", audience.scope().sandboxName())
                .bind("audience", audience.id().value()).mapTo(Long.class).one());
    }
}
