package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.AudienceOperationsContract;
import dev.extaudiences.testkit.contract.AudiencesContract;
import dev.extaudiences.testkit.contract.ExternalAudiencesContract;
import dev.extaudiences.testkit.contract.IngestionContract;
import dev.extaudiences.testkit.contract.IngestionRunsContract;
import dev.extaudiences.testkit.contract.MembersContract;
import dev.extaudiences.testkit.contract.StagedMembersContract;
import org.junit.jupiter.api.Nested;

/**
 * Every port contract against the stores on a real PostgreSQL, started once for the whole test JVM (or the external
 * one {@link TestDatabases} names): each rule works in scopes of its own.
 */
class PostgresStoresTest {

    private static Stores stores() {
        return TestDatabases.postgres().stores();
    }

    /** Merges in up to four chunks however few rows a run stages: every merge of the rules is one in steps. */
    private static Stores storesMergingInChunks() {
        return TestDatabases.postgres().stores(new MergeChunks(1, 4));
    }

    @Nested
    class StagedMembersInChunks extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return storesMergingInChunks();
        }
    }

    @Nested
    class IngestionInChunks extends IngestionContract {
        @Override
        protected Stores newStores() {
            return storesMergingInChunks();
        }
    }

    @Nested
    class Audiences extends AudiencesContract {
        @Override
        protected Stores newStores() {
            return stores();
        }
    }

    @Nested
    class AudienceOperations extends AudienceOperationsContract {
        @Override
        protected Stores newStores() {
            return stores();
        }
    }

    @Nested
    class IngestionRuns extends IngestionRunsContract {
        @Override
        protected Stores newStores() {
            return stores();
        }
    }

    @Nested
    class StagedMembers extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return stores();
        }
    }

    @Nested
    class Members extends MembersContract {
        @Override
        protected Stores newStores() {
            return stores();
        }
    }

    @Nested
    class ExternalAudiences extends ExternalAudiencesContract {
        @Override
        protected Stores newStores() {
            return stores();
        }
    }

    @Nested
    class Ingestion extends IngestionContract {
        @Override
        protected Stores newStores() {
            return stores();
        }
    }

    @Nested
    class IdempotencyKeys extends dev.extaudiences.testkit.contract.IdempotencyKeysContract {
        @Override
        protected Stores newStores() {
            return stores();
        }
    }

    @Nested
    class RunDayCounts extends dev.extaudiences.testkit.contract.RunDayCountsContract {
        @Override
        protected Stores newStores() {
            return stores();
        }
    }
}
