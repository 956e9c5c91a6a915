package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.Stores;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.run.RunWindow;
import dev.extaudiences.core.run.Stage;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the port contracts hold of any store, they cannot ask of these: that a merge of many rows does tell its
 * progress, chunk by chunk, and that merging in chunks writes what one statement writes, counted alike. Rows of
 * one identity are staged far apart, so that on H2 a chunk of the key and on PostgreSQL a range of identities
 * cannot hold both by chance.
 */
class MergeInChunksTest {

    private static final int IDENTITIES = 3_000;

    static Stream<JdbiDatabase> databases() {
        return Stream.of(TestDatabases.h2(), TestDatabases.postgres());
    }

    // the databases are shared by every test of this module: not for JUnit to close after this one
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("databases")
    void aMergeInTenChunksTellsItsProgressNineTimesAndWritesWhatOneStatementWrites(JdbiDatabase database) {
        Stores chunked = database.stores(new MergeChunks(IDENTITIES / 10, 10));
        Stores whole = database.stores(new MergeChunks(Long.MAX_VALUE, 1));
        for (IngestionMode mode : IngestionMode.values()) {
            Merged inChunks = mergeTwice(chunked, mode);
            Merged inOne = mergeTwice(whole, mode);

            assertThat(inOne.told()).as("a merge in one statement tells nothing").isEmpty();
            assertThat(inChunks.told()).as(mode + ": progress told between ten chunks").hasSize(9)
                    .isSorted().doesNotHaveDuplicates()
                    .allSatisfy(written -> assertThat(written).isBetween(1L, (long) IDENTITIES - 1));
            assertThat(inChunks.outcome()).as(mode + ": counted alike").isEqualTo(inOne.outcome());
            assertThat(inChunks.members()).as(mode + ": written alike").isEqualTo(inOne.members());
        }
    }

    /** What a merge wrote and told, and the members after it. */
    private record Merged(MergeOutcome outcome, List<Long> told, List<Map<String, Object>> members) {
    }

    /**
     * Two runs into a new audience: the first stages half the identities, the second all of them, each staged twice
     * (the second time with other attributes, which win) and in the opposite order of their values.
     */
    private static Merged mergeTwice(Stores stores, IngestionMode mode) {
        Audience audience = Property.sample(Generators.audiences(Generators.freshScope()));
        stores.audiences().add(audience);
        Instant at = Generators.EPOCH.plusSeconds(60);
        Instant cutoff = audience.expiryCutoff(at);
        merge(stores, audience, IDENTITIES / 2, mode, Generators.EPOCH, cutoff, new ArrayList<>());
        List<Long> told = new ArrayList<>();
        MergeOutcome outcome = merge(stores, audience, IDENTITIES, mode, at, cutoff, told);
        List<Map<String, Object>> members = new ArrayList<>();
        for (int start = 0; start <= IDENTITIES; start += 1000) {
            for (Member member : stores.members().list(audience.scope(), audience.id(), cutoff,
                    new PageRequest(start, 1000)).items()) {
                members.add(Map.of("identity", member.identity().value(), "attributes", member.attributes(),
                        "at", member.lastIngestedAt()));
            }
        }
        return new Merged(outcome, told, members);
    }

    private static MergeOutcome merge(Stores stores, Audience audience, int identities, IngestionMode mode,
                                      Instant at, Instant cutoff, List<Long> told) {
        IngestionRun run = IngestionRun.start(new RunId(UUID.randomUUID().toString()), audience,
                new RunRequest(new RunWindow(at.minusSeconds(3600), Optional.empty()), mode),
                new Stamp(new UserId("starter@example.com"), at), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        stores.runs().add(run);
        for (String tier : List.of("first", "last")) {
            List<StagedMember> batch = new ArrayList<>(identities);
            for (int i = identities - 1; i >= 0; i--) {
                batch.add(new StagedMember(Identity.of("email", "user" + i + "@example.com"), Map.of("tier", tier)));
            }
            stores.stagedMembers().stage(audience.scope(), audience.id(), run.id(), batch);
        }
        StagedMembers.Finish finish = stores.stagedMembers().mergeAndFinish(audience.scope(), audience.id(),
                run.id(), mode, at, cutoff, written -> {
                    told.add(written);
                    return IngestionRuns.RunWrite.WRITTEN;
                }, outcome -> succeeded(run, at));
        assertThat(finish).isInstanceOf(StagedMembers.Finish.Finished.class);
        return ((StagedMembers.Finish.Finished) finish).outcome();
    }

    private static IngestionRun succeeded(IngestionRun run, Instant at) {
        IngestionRun read = run.on(new RunEvent.StageStarted(Stage.DATASET_INGEST), at)
                .on(new RunEvent.StageSucceeded(Stage.DATASET_INGEST), at);
        return read.isInProgress() ? read.on(new RunEvent.StageStarted(Stage.PROFILE_STORE_INGEST), at)
                .on(new RunEvent.StageSucceeded(Stage.PROFILE_STORE_INGEST), at) : read;
    }
}
