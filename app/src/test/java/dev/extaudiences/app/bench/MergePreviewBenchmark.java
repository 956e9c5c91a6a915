package dev.extaudiences.app.bench;

import dev.extaudiences.adapter.jdbi.JdbiDatabase;
import dev.extaudiences.core.Stores;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a dry run's count costs beside the merge it previews, on the stores themselves: an audience of {@code rows}
 * live members, a run that staged as many rows (half of them identities already members, half new), then the
 * preview of a full merge, then the full merge itself, timed on embedded H2 (in memory) and on PostgreSQL. Two
 * cases: the next run's rows written as they are matched (the common case: no spelling staged, no
 * count of what normalisation collapsed), then respelled ({@code Member1@Example.com}, as a mixed-case file is:
 * every row carries its spelling into staging, and the preview and the merge each count what collapsed, here every
 * row that meets a live member), each twice, alternating. Prints a line per database and case, and the load of the
 * machine; asserts nothing. Run:
 * <pre>
 * mvn -B -ntp -q -pl app -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
 *   -Dmdep.includeScope=test
 * java -cp app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath) \
 *   dev.extaudiences.app.bench.MergePreviewBenchmark 200000
 * </pre>
 */
public final class MergePreviewBenchmark {

    /** Each case twice, alternating: the first of a database's lines also pays for its warming up. */
    private static final List<Boolean> ROUNDS = List.of(false, true, false, true);

    private MergePreviewBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        System.out.printf("%,d live members, %,d staged rows (half of them new), %d cores, load %.1f%n", rows, rows,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (JdbiDatabase h2 = JdbiDatabase.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "",
                4)) {
            for (boolean respelled : ROUNDS) {
                measure("H2", h2.stores(), rows, respelled);
            }
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             JdbiDatabase database = JdbiDatabase.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                     "postgres", 4)) {
            for (boolean respelled : ROUNDS) {
                measure("PostgreSQL", database.stores(), rows, respelled);
            }
        }
    }

    private static void measure(String name, Stores stores, int rows, boolean respelled) {
        TenantScope scope = Generators.freshScope();
        Audience audience = Property.sample(Generators.audiences(scope));
        stores.audiences().add(audience);
        Instant at = Generators.EPOCH;
        Instant cutoff = audience.expiryCutoff(at);
        RunId earlier = new RunId(UUID.randomUUID().toString());
        stage(stores, audience, earlier, 0, rows, false);
        stores.stagedMembers().merge(scope, audience.id(), earlier, IngestionMode.FULL, at, cutoff);
        RunId next = new RunId(UUID.randomUUID().toString());
        long start = System.nanoTime();
        stage(stores, audience, next, rows / 2, rows / 2 + rows, respelled);
        long staging = System.nanoTime() - start;

        start = System.nanoTime();
        MergeOutcome full = stores.stagedMembers().preview(scope, audience.id(), next, IngestionMode.FULL, cutoff);
        long previewFull = System.nanoTime() - start;
        // one preview only: both modes run the same queries, and H2 answers a repeated one from its query cache
        start = System.nanoTime();
        MergeOutcome merged = stores.stagedMembers().merge(scope, audience.id(), next, IngestionMode.FULL,
                at.plusSeconds(60), cutoff);
        long merge = System.nanoTime() - start;
        System.out.printf("%-10s %-10s staging %6.2f s, preview (full) %6.2f s, full merge %6.2f s; previewed %s,"
                + " merged %s%n", name, respelled ? "respelled" : "as matched", staging / 1e9, previewFull / 1e9,
                merge / 1e9, full, merged);
    }

    private static void stage(Stores stores, Audience audience, RunId run, int from, int to, boolean respelled) {
        List<StagedMember> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            batch.add(new StagedMember(Identity.of("email", "member" + i + "@example.com"), Map.of("tier", "gold"),
                    respelled ? Optional.of("Member" + i + "@Example.com") : Optional.empty()));
            if (batch.size() == 5_000) {
                stores.stagedMembers().stage(audience.scope(), audience.id(), run, batch);
                batch = new ArrayList<>();
            }
        }
        stores.stagedMembers().stage(audience.scope(), audience.id(), run, batch);
    }
}
