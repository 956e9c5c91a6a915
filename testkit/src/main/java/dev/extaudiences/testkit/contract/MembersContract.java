package dev.extaudiences.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Members} store guarantees: reads, expiry, and the removal of what no reader sees. Members come in
 * by merges of its adapter's staged members store, whose own rules are {@link StagedMembersContract}'s. Rule ids are
 * stable: MEM-nn, numbered with that contract's, since the two stores were one port.
 */
public abstract class MembersContract extends StoresContract {

    private Members members() {
        return stores.members();
    }

    @Test
    @DisplayName("MEM-04: a member last ingested at or before the expiry cutoff is never returned")
    void mem04_expiredNeverReturned() {
        Property.forAll(40, integers().between(0, 200), hoursLater -> {
            Audience audience = storedAudience();
            Instant ingested = Generators.EPOCH;
            stageAndMerge(audience, List.of(staged("a")), IngestionMode.DIFFERENTIAL, ingested,
                    audience.expiryCutoff(ingested));
            Instant now = ingested.plus(audience.ttl().duration()).plus(Duration.ofHours(hoursLater - 100));
            Instant cutoff = audience.expiryCutoff(now);
            boolean live = audience.ttl().isLive(ingested, now);

            assertThat(members().find(audience.scope(), audience.id(), staged("a").identity(), cutoff).isPresent())
                    .isEqualTo(live);
            assertThat(members().list(audience.scope(), audience.id(), cutoff, PageRequest.first(10)).totalCount())
                    .isEqualTo(live ? 1 : 0);
        });
    }

    @Test
    @DisplayName("MEM-05: membership never leaks across scopes or audiences")
    void mem05_isolation() {
        Audience audience = storedAudience();
        Audience sibling = storedAudience(audience.scope());
        Audience stranger = storedAudience(new TenantScope(audience.scope().orgId(), "elsewhere"));
        Instant cutoff = audience.expiryCutoff(Generators.EPOCH);
        stageAndMerge(audience, List.of(staged("a"), staged("b")), IngestionMode.DIFFERENTIAL, Generators.EPOCH, cutoff);
        stageAndMerge(stranger, List.of(staged("a")), IngestionMode.DIFFERENTIAL, Generators.EPOCH, cutoff);

        assertThat(values(sibling, cutoff)).isEmpty();
        assertThat(members().list(stranger.scope(), audience.id(), cutoff, PageRequest.first(10)).items()).isEmpty();
        assertThat(members().find(stranger.scope(), audience.id(), staged("a").identity(), cutoff)).isEmpty();
        assertThat(members().memberships(audience.scope(), staged("a").identity()))
                .extracting(Member::audienceId).containsExactly(audience.id());
        assertThat(members().memberships(stranger.scope(), staged("a").identity()))
                .extracting(Member::audienceId).containsExactly(stranger.id());
        members().removeAll(stranger.scope(), audience.id());
        assertThat(values(audience, cutoff)).containsExactly("a@x", "b@x");
    }

    @Test
    @DisplayName("MEM-06: the sweeper removes expired members only, at most a batch at a time")
    void mem06_removeExpiredInBatches() {
        Audience audience = storedAudience();
        Instant old = Generators.EPOCH;
        Instant recent = old.plus(Duration.ofDays(10));
        stageAndMerge(audience, List.of(staged("a"), staged("b"), staged("c")), IngestionMode.DIFFERENTIAL, old,
                audience.expiryCutoff(old));
        stageAndMerge(audience, List.of(staged("d")), IngestionMode.DIFFERENTIAL, recent, audience.expiryCutoff(recent));
        Instant cutoff = old;

        assertThat(members().removeExpired(audience.scope(), audience.id(), cutoff, 2)).isEqualTo(2);
        assertThat(members().removeExpired(audience.scope(), audience.id(), cutoff, 2)).isEqualTo(1);
        assertThat(members().removeExpired(audience.scope(), audience.id(), cutoff, 2)).isZero();
        assertThat(values(audience, Instant.EPOCH)).containsExactly("d@x");
    }

    @Test
    @DisplayName("MEM-07: removing an audience's members removes all of them, and no others")
    void mem07_removeAll() {
        Audience audience = storedAudience();
        Audience sibling = storedAudience(audience.scope());
        Instant cutoff = audience.expiryCutoff(Generators.EPOCH);
        stageAndMerge(audience, List.of(staged("a"), staged("b")), IngestionMode.DIFFERENTIAL, Generators.EPOCH, cutoff);
        stageAndMerge(sibling, List.of(staged("a")), IngestionMode.DIFFERENTIAL, Generators.EPOCH, cutoff);

        members().removeAll(audience.scope(), audience.id());

        assertThat(values(audience, cutoff)).isEmpty();
        assertThat(members().memberships(audience.scope(), staged("a").identity())).extracting(Member::audienceId)
                .containsExactly(sibling.id());
        assertThat(values(sibling, cutoff)).containsExactly("a@x");
    }

    @Test
    @DisplayName("MEM-08: live members page in identity order with a stable total count")
    void mem08_paging() {
        Audience audience = storedAudience();
        Instant cutoff = audience.expiryCutoff(Generators.EPOCH);
        List<StagedMember> batch = new ArrayList<>();
        for (String value : List.of("e", "a", "d", "b", "c")) {
            batch.add(staged(value));
        }
        stageAndMerge(audience, batch, IngestionMode.DIFFERENTIAL, Generators.EPOCH, cutoff);

        Page<Member> second = members().list(audience.scope(), audience.id(), cutoff, new PageRequest(2, 2));

        assertThat(second.totalCount()).isEqualTo(5);
        assertThat(second.items()).extracting(m -> m.identity().value()).containsExactly("c@x", "d@x");
    }

    @Test
    @DisplayName("MEM-30: the rows a full merge replaced go a batch at a time, leaving only the current membership's stored, and no reader sees a difference")
    void mem30_removeReplacedInBatches() {
        Audience audience = storedAudience();
        Audience sibling = storedAudience(audience.scope());
        Instant at = Generators.EPOCH;
        Instant cutoff = audience.expiryCutoff(at);
        stageAndMerge(sibling, List.of(staged("s"), staged("t")), IngestionMode.FULL, at, cutoff);
        stageAndMerge(sibling, List.of(staged("t")), IngestionMode.FULL, at.plusSeconds(5), cutoff);
        long siblingRows = members().storedRows(sibling.scope(), sibling.id());
        stageAndMerge(audience, List.of(staged("a"), staged("b"), staged("c")), IngestionMode.FULL, at, cutoff);
        stageAndMerge(audience, List.of(staged("c"), staged("d"), staged("e")), IngestionMode.FULL,
                at.plusSeconds(10), cutoff);
        long before = members().storedRows(audience.scope(), audience.id());

        long removed = 0;
        int batch;
        do {
            batch = members().removeReplaced(audience.scope(), audience.id(), 2);
            assertThat(batch).as("one batch").isBetween(0, 2);
            assertThat(values(audience, cutoff)).as("what readers see meanwhile").containsExactly("c@x", "d@x", "e@x");
            removed += batch;
        } while (batch > 0);

        assertThat(members().storedRows(audience.scope(), audience.id())).as("rows left").isEqualTo(3)
                .isEqualTo(before - removed);
        assertThat(members().storedRows(sibling.scope(), sibling.id())).as("the sibling's rows")
                .isEqualTo(siblingRows);
        assertThat(values(sibling, cutoff)).containsExactly("t@x");
    }
}
