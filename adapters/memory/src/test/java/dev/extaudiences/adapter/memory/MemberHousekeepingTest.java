package dev.extaudiences.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.service.MemberHousekeeping;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** How housekeeping drives a store's removal of replaced rows: the store's side is what MEM-30 and ING-30 check. */
class MemberHousekeepingTest {

    private static final TenantScope SCOPE = new TenantScope("org@AdobeOrg", "prod");
    private static final AudienceId AUDIENCE = new AudienceId("audience");

    /** A store holding {@code replaced} rows to remove, answering batches as a generational store does. */
    private static final class Replaced extends ContractsDetectBrokenStoresTest.DelegatingMembers {
        long replaced;
        final List<Integer> batches = new ArrayList<>();
        Runnable onBatch = () -> { };

        Replaced(long replaced) {
            super(new InMemoryMembers());
            this.replaced = replaced;
        }

        @Override
        public int removeReplaced(TenantScope scope, AudienceId audienceId, int batchSize) {
            onBatch.run();
            int removed = (int) Math.min(batchSize, replaced);
            replaced -= removed;
            batches.add(removed);
            return removed;
        }
    }

    @Test
    void removesBatchAfterBatchUntilAShortOne() {
        Replaced store = new Replaced(25);

        long removed = new MemberHousekeeping(store, Runnable::run, 10).removeReplaced(SCOPE, AUDIENCE);

        assertThat(removed).isEqualTo(25);
        assertThat(store.batches).containsExactly(10, 10, 5);
    }

    @Test
    void aStoreFailureEndsItQuietlyForTheSweeperToFinish() {
        Replaced store = new Replaced(25);
        store.onBatch = () -> {
            if (store.batches.size() == 1) {
                throw new DomainException(new DomainError.DependencyFailed("database", "the database went away"));
            }
        };
        MemberHousekeeping housekeeping = new MemberHousekeeping(store, Runnable::run, 10);

        housekeeping.afterFullRun(SCOPE, AUDIENCE);

        assertThat(store.batches).containsExactly(10);
        assertThat(store.replaced).isEqualTo(15);
    }

    @Test
    void stoppingEndsItAfterTheBatchInFlight() {
        Replaced store = new Replaced(100);
        MemberHousekeeping housekeeping = new MemberHousekeeping(store, Runnable::run, 10);
        store.onBatch = () -> {
            if (store.batches.size() == 1) {
                housekeeping.stop();
            }
        };

        assertThat(housekeeping.removeReplaced(SCOPE, AUDIENCE)).isEqualTo(20);
        assertThat(store.batches).containsExactly(10, 10);
    }

    @Test
    void anExecutorThatRefusesLeavesTheRowsToTheSweeper() {
        Replaced store = new Replaced(5);

        new MemberHousekeeping(store, task -> {
            throw new RejectedExecutionException("stopping");
        }, 10).afterFullRun(SCOPE, AUDIENCE);

        assertThat(store.replaced).isEqualTo(5);
    }
}
