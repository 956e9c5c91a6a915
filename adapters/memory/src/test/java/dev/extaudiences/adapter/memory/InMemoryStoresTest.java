package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.Stores;
import dev.extaudiences.testkit.contract.AudienceOperationsContract;
import dev.extaudiences.testkit.contract.AudiencesContract;
import dev.extaudiences.testkit.contract.ExternalAudiencesContract;
import dev.extaudiences.testkit.contract.IngestionContract;
import dev.extaudiences.testkit.contract.IngestionRunsContract;
import dev.extaudiences.testkit.contract.MembersContract;
import dev.extaudiences.testkit.contract.StagedMembersContract;
import org.junit.jupiter.api.Nested;

/** Every port contract against the in-memory stores, a fresh set of them for each rule. */
class InMemoryStoresTest {

    @Nested
    class Audiences extends AudiencesContract {
        @Override
        protected Stores newStores() {
            return InMemoryStores.create();
        }
    }

    @Nested
    class AudienceOperations extends AudienceOperationsContract {
        @Override
        protected Stores newStores() {
            return InMemoryStores.create();
        }
    }

    @Nested
    class IngestionRuns extends IngestionRunsContract {
        @Override
        protected Stores newStores() {
            return InMemoryStores.create();
        }
    }

    @Nested
    class StagedMembers extends StagedMembersContract {
        @Override
        protected Stores newStores() {
            return InMemoryStores.create();
        }
    }

    @Nested
    class Members extends MembersContract {
        @Override
        protected Stores newStores() {
            return InMemoryStores.create();
        }
    }

    @Nested
    class ExternalAudiences extends ExternalAudiencesContract {
        @Override
        protected Stores newStores() {
            return InMemoryStores.create();
        }
    }

    @Nested
    class Ingestion extends IngestionContract {
        @Override
        protected Stores newStores() {
            return InMemoryStores.create();
        }
    }

    /**
     * The engine's rules again, against a store asking for writes of four batches (as PostgreSQL's does): every rule
     * that counts, fails or cancels writes meets a run whose members wait across batches before they are staged.
     */
    @Nested
    class IngestionInLargerWrites extends IngestionContract {
        @Override
        protected Stores newStores() {
            Stores stores = InMemoryStores.create();
            return new Stores(stores.audiences(), stores.operations(), stores.runs(),
                    new ContractsDetectBrokenStoresTest.DelegatingStagedMembers(stores.stagedMembers()) {
                        @Override
                        public int membersPerWrite() {
                            return 4 * dev.extaudiences.core.service.IngestionEngine.BATCH_SIZE;
                        }
                    }, stores.members(), stores.idempotencyKeys());
        }
    }

    @Nested
    class IdempotencyKeys extends dev.extaudiences.testkit.contract.IdempotencyKeysContract {
        @Override
        protected Stores newStores() {
            return InMemoryStores.create();
        }
    }

    @Nested
    class RunDayCounts extends dev.extaudiences.testkit.contract.RunDayCountsContract {
        @Override
        protected Stores newStores() {
            return InMemoryStores.create();
        }
    }
}
