package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedded H2 file gives back the space of removed rows when the database closes, not only its first 200 ms. */
class H2FileCompactionTest {

    private static final int MEMBERS = 10_000;

    @Test
    void closingCompactsAFileMostlyFreeAndKeepsEveryLiveMember(@TempDir Path dataDirectory) throws IOException {
        // the ordinary close compacts for no time at all here: only a compaction of its own shrinks the file
        String url = JdbiDatabase.h2Url(dataDirectory) + ";MAX_COMPACT_TIME=0";
        Audience audience = Property.sample(Generators.audiences(Generators.freshScope()));
        Path file = dataDirectory.resolve("extaudiences.mv.db");
        long before;
        JdbiDatabase database = JdbiDatabase.open(url, "sa", "", 2);
        try {
            database.stores().audiences().add(audience);
            Members members = database.stores().members();
            for (int generation = 0; generation < 3; generation++) {
                fullMerge(database.stores().stagedMembers(), audience, Generators.EPOCH.plusSeconds(generation));
                while (members.removeReplaced(audience.scope(), audience.id(), 5_000) > 0) {
                    // until the replaced generation is gone
                }
            }
            before = Files.size(file);
        } finally {
            database.close(0);
        }

        assertThat(Files.size(file)).as("the file after the close, against %,d bytes before", before)
                .isLessThan(before / 2);
        try (JdbiDatabase reopened = JdbiDatabase.open(url, "sa", "", 2)) {
            assertThat(reopened.stores().members().list(audience.scope(), audience.id(), Instant.EPOCH,
                    PageRequest.first(1)).totalCount()).isEqualTo(MEMBERS);
        }
    }

    @Test
    void aFileIsWorthCompactingWhenAtLeastHalfOfItAndTheMinimumAreFree() {
        assertThat(new H2FileCompaction.FileUse(100, 50).worthCompacting(10)).isTrue();
        assertThat(new H2FileCompaction.FileUse(100, 51).worthCompacting(10)).isFalse();
        assertThat(new H2FileCompaction.FileUse(100, 0).worthCompacting(101)).isFalse();
        assertThat(new H2FileCompaction.FileUse(100, 120).freeBytes()).isZero();
    }

    private static void fullMerge(StagedMembers staging, Audience audience, Instant at) {
        RunId run = new RunId(UUID.randomUUID().toString());
        String padding = "x".repeat(200);
        List<StagedMember> batch = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            batch.add(new StagedMember(Identity.of("email", "member" + i + "@x"), Map.of("note", padding + i)));
            if (batch.size() == 5_000) {
                staging.stage(audience.scope(), audience.id(), run, batch);
                batch = new ArrayList<>();
            }
        }
        staging.merge(audience.scope(), audience.id(), run, IngestionMode.FULL, at, Instant.EPOCH);
    }
}
