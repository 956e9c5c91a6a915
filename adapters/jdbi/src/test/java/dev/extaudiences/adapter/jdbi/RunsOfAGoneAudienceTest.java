package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.Stores;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.run.RunWindow;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.contract.StoresContract;
import dev.extaudiences.testkit.gen.Generators;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A deletion removes the audience, then its runs: a node killed between the two leaves runs behind. The runs are
 * read in one statement that also asks for their audience, so those left behind are never answered.
 */
@DisplayName("Runs left behind by a deletion cut short are not read")
class RunsOfAGoneAudienceTest {

    abstract static class Rules extends StoresContract {

        abstract JdbiDatabase database();

        @Override
        protected Stores newStores() {
            return database().stores();
        }

        @Test
        @DisplayName("a run whose audience row is gone is neither found nor listed")
        void runOfAGoneAudience() {
            Audience audience = storedAudience();
            IngestionRun run = IngestionRun.start(newRunId(), audience,
                    new RunRequest(new RunWindow(Generators.EPOCH.minusSeconds(60), Optional.empty()),
                            IngestionMode.DIFFERENTIAL),
                    new Stamp(new UserId("starter@example.com"), Generators.EPOCH), UUID.randomUUID().toString(),
                    UUID.randomUUID().toString());
            stores.runs().add(run);
            assertThat(stores.runs().find(audience.scope(), audience.id(), run.id())).isPresent();
            assertThat(stores.runs().list(audience.scope(), audience.id(), RunQuery.DEFAULT).totalCount()).isEqualTo(1);

            // what a crash right after the audience's removal leaves: the audience's row gone, its run's still there
            database().jdbi().useHandle(handle -> handle.execute("DELETE FROM audiences WHERE org_id = ?"
                    + " AND sandbox_name = ? AND audience_id = ?", audience.scope().orgId(),
                    audience.scope().sandboxName(), audience.id().value()));

            assertThat(stores.runs().find(audience.scope(), audience.id(), run.id())).isEmpty();
            var page = stores.runs().list(audience.scope(), audience.id(), RunQuery.DEFAULT);
            assertThat(page.items()).isEmpty();
            assertThat(page.totalCount()).isZero();
        }
    }

    @Nested
    class OnH2 extends Rules {
        @Override
        JdbiDatabase database() {
            return TestDatabases.h2();
        }
    }

    @Nested
    class OnPostgres extends Rules {
        @Override
        JdbiDatabase database() {
            return TestDatabases.postgres();
        }
    }
}
