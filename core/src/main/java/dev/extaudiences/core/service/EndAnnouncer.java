package dev.extaudiences.core.service;

import dev.extaudiences.core.Stores;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.run.IngestionRun;
import java.util.function.Consumer;

/**
 * Wraps the stores so that every operation and run end they store is told, once, to whoever listens (the webhooks'
 * outbox, the log): the one place an end is seen, whichever service makes it, since an end is only ever a store's
 * write. One wrapping for every listener, so that no end is told twice.
 */
public final class EndAnnouncer {

    private EndAnnouncer() {
    }

    public static Stores announcing(Stores stores, Consumer<Operation> operationEnded,
                                    Consumer<IngestionRun> runEnded) {
        return new Stores(stores.audiences(), new AnnouncingOperations(stores.operations(), operationEnded),
                new AnnouncingRuns(stores.runs(), runEnded),
                new AnnouncingStagedMembers(stores.stagedMembers(), runEnded), stores.members(),
                stores.idempotencyKeys());
    }
}
