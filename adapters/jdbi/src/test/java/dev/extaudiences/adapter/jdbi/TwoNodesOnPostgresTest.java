package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudiencePatch;
import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.audience.Labels;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.audience.Ttl;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Refusal;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.Race;
import dev.extaudiences.testkit.gen.Generators;
import dev.extaudiences.testkit.source.ScriptedSourceFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two app nodes share one PostgreSQL: each has its own pool and its own {@code Jdbi}, as two processes would. The
 * database, not either node, decides every race.
 */
class TwoNodesOnPostgresTest {

    private static JdbiDatabase nodeA;
    private static JdbiDatabase nodeB;

    @BeforeAll
    static void openTwoNodes() {
        String url = TestDatabases.postgresUrl();
        nodeA = JdbiDatabase.open(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword(), 8);
        nodeB = JdbiDatabase.open(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword(), 8);
    }

    @AfterAll
    static void closeNodes() {
        nodeA.close();
        nodeB.close();
    }

    private static ExternalAudiences domainOn(JdbiDatabase node) {
        return domainOn(node, new RunGuardrails(1000, 1000));
    }

    private static ExternalAudiences domainOn(JdbiDatabase node, RunGuardrails guardrails) {
        return ExternalAudiences.builder(node.stores()).guardrails(guardrails)
                .sourceFiles(new ScriptedSourceFiles()).completeOperationsOn(Runnable::run).build();
    }

    private static Audience createdOn(ExternalAudiences domain, Caller caller) {
        return createdOn(domain, caller, "Raced");
    }

    private static Audience createdOn(ExternalAudiences domain, Caller caller, String name) {
        Operation operation = domain.create(caller, NewAudience.minimal(name,
                Fields.of(Field.identity("email", FieldType.STRING, "email")),
                SourceSpecRequest.dlz("raced.csv", SourceKind.FILE)));
        return domain.audience(caller.scope(), domain.operation(caller.scope(), operation.id()).audienceId().orElseThrow());
    }

    @Test
    void ofManyConcurrentRunStartsFromTwoNodesExactlyOneWins() throws Exception {
        try (ExternalAudiences a = domainOn(nodeA); ExternalAudiences b = domainOn(nodeB)) {
            Caller caller = new Caller(Generators.freshScope(), new UserId("racer"));
            Audience audience = createdOn(a, caller);
            RunRequest request = RunRequest.ofEpochSeconds(1_700_000_000L, null, null);

            List<Object> outcomes = Race.run(16, i -> () -> {
                try {
                    return (i % 2 == 0 ? a : b).start(caller, audience.id(), request);
                } catch (DomainException refused) {
                    return refused.error();
                }
            });

            assertThat(outcomes).filteredOn(o -> !(o instanceof DomainError)).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o instanceof DomainError).hasSize(15)
                    .allSatisfy(error -> assertThat(error).isInstanceOfSatisfying(DomainError.Unprocessable.class,
                            refusal -> assertThat(refusal.reason()).isEqualTo(Refusal.RUN_IN_PROGRESS)));
            assertThat(b.runs(caller.scope(), audience.id(), dev.extaudiences.core.run.RunQuery.DEFAULT).totalCount())
                    .isEqualTo(1);
        }
    }

    @Test
    void ofConcurrentStartsOnManyAudiencesFromTwoNodesNoMoreThanTheSandboxLimitAreAccepted() throws Exception {
        int limit = 5;
        try (ExternalAudiences a = domainOn(nodeA, new RunGuardrails(1000, limit));
             ExternalAudiences b = domainOn(nodeB, new RunGuardrails(1000, limit))) {
            Caller caller = new Caller(Generators.freshScope(), new UserId("racer"));
            List<Audience> audiences = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                audiences.add(createdOn(a, caller, "Raced " + i));
            }
            RunRequest request = RunRequest.ofEpochSeconds(1_700_000_000L, null, null);

            List<Object> outcomes = Race.run(audiences.size(), i -> () -> {
                try {
                    return (i % 2 == 0 ? a : b).start(caller, audiences.get(i).id(), request);
                } catch (DomainException refused) {
                    return refused.error();
                }
            });

            assertThat(outcomes).filteredOn(o -> !(o instanceof DomainError)).hasSize(limit);
            assertThat(outcomes).filteredOn(o -> o instanceof DomainError).hasSize(audiences.size() - limit)
                    .allSatisfy(error -> assertThat(error).isInstanceOfSatisfying(DomainError.Unprocessable.class,
                            refusal -> assertThat(refusal.reason()).isEqualTo(Refusal.SANDBOX_RUN_GUARDRAIL)));
        }
    }

    @Test
    void concurrentPatchesFromTwoNodesAreBothApplied() throws Exception {
        try (ExternalAudiences a = domainOn(nodeA); ExternalAudiences b = domainOn(nodeB)) {
            Caller caller = new Caller(Generators.freshScope(), new UserId("editor"));
            Audience audience = createdOn(a, caller);
            int editors = 12;

            Race.run(editors, i -> () -> i % 2 == 0
                    ? a.update(caller, audience.id(), AudiencePatch.NONE.withLabels(Labels.of("core/C" + (i + 1))))
                    : b.update(caller, audience.id(), AudiencePatch.NONE.withTtl(Ttl.ofDays(i + 1))));

            Audience after = a.audience(caller.scope(), audience.id());
            assertThat(after.version()).as("every patch applied once, none lost").isEqualTo(editors);
            assertThat(after.labels().asStrings()).hasSize(1).allMatch(label -> label.startsWith("core/C"));
            assertThat(after.ttl().days() % 2).as("the last TTL patch came from an odd editor").isEqualTo(0);
        }
    }
}
