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
import java.util.UUID;

/**
 * What a dry run's count costs beside the merge it previews, on the stores themselves: an audience of {@code rows}
 * live members, a run that staged as many rows (half of them identities already members, half new), then the
 * preview of a full merge, then the full merge itself, timed on embedded H2 (in memory) and on PostgreSQL.
 * Prints a line per database and the load of the machine; asserts nothing. Run:
 * <pre>
 * mvn -B -ntp -q -pl app -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
 *   -Dmdep.includeScope=test
 * java -cp app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath) \
 *   dev.extaudiences.app.bench.MergePreviewBenchmark 200000
 * </pre>
 */
public final class MergePreviewBenchmark {

    private MergePreviewBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        System.out.printf("%,d live members, %,d staged rows (half of them new), %d cores, load %.1f%n", rows, rows,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (JdbiDatabase h2 = JdbiDatabase.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "",
                4)) {
            measure("H2", h2.stores(), rows);
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             JdbiDatabase database = JdbiDatabase.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                     "postgres", 4)) {
            measure("PostgreSQL", database.stores(), rows);
        }
    }

    private static void measure(String name, Stores stores, int rows) {
        TenantScope scope = Generators.freshScope();
        Audience audience = Property.sample(Generators.audiences(scope));
        stores.audiences().add(audience);
        Instant at = Generators.EPOCH;
        Instant cutoff = audience.expiryCutoff(at);
        RunId earlier = new RunId(UUID.randomUUID().toString());
        stage(stores, audience, earlier, 0, rows);
        stores.stagedMembers().merge(scope, audience.id(), earlier, IngestionMode.FULL, at, cutoff);
        RunId next = new RunId(UUID.randomUUID().toString());
        stage(stores, audience, next, rows / 2, rows / 2 + rows);

        long start = System.nanoTime();
        MergeOutcome full = stores.stagedMembers().preview(scope, audience.id(), next, IngestionMode.FULL, cutoff);
        long previewFull = System.nanoTime() - start;
        // one preview only: both modes run the same queries, and H2 answers a repeated one from its query cache
        start = System.nanoTime();
        MergeOutcome merged = stores.stagedMembers().merge(scope, audience.id(), next, IngestionMode.FULL,
                at.plusSeconds(60), cutoff);
        long merge = System.nanoTime() - start;
        System.out.printf("%-10s preview (full) %6.2f s, full merge %6.2f s; previewed %s, merged %s%n", name,
                previewFull / 1e9, merge / 1e9, full, merged);
    }

    private static void stage(Stores stores, Audience audience, RunId run, int from, int to) {
        List<StagedMember> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            batch.add(new StagedMember(Identity.of("email", "member" + i + "@example.com"), Map.of("tier", "gold")));
            if (batch.size() == 5_000) {
                stores.stagedMembers().stage(audience.scope(), audience.id(), run, batch);
                batch = new ArrayList<>();
            }
        }
        stores.stagedMembers().stage(audience.scope(), audience.id(), run, batch);
    }
}
