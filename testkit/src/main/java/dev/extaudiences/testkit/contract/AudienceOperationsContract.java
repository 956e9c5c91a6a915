package dev.extaudiences.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.port.out.AudienceOperations;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What every {@link AudienceOperations} store guarantees. Rule ids are stable: OPS-nn. */
public abstract class AudienceOperationsContract extends StoresContract {

    private static final UserId CREATOR = new UserId("creator@example.com");

    private AudienceOperations operations() {
        return stores.operations();
    }

    private static Operation newOperation(TenantScope scope, NewAudience request, long secondsAfterEpoch) {
        return Operation.start(new OperationId(UUID.randomUUID().toString()), scope, request,
                new Stamp(CREATOR, Generators.EPOCH.plusSeconds(secondsAfterEpoch)));
    }

    @Test
    @DisplayName("OPS-01: a stored operation, request included, reads back equal in its own scope only")
    void ops01_roundTrip() {
        Property.forAll(Generators.newAudiences(), request -> {
            Operation operation = newOperation(freshScope(), request, 0);

            operations().add(operation);

            assertThat(operations().find(operation.scope(), operation.id())).contains(operation);
            assertThat(operations().find(freshScope(), operation.id())).isEmpty();
            assertThat(operations().find(new TenantScope(operation.scope().orgId(), "other"), operation.id())).isEmpty();
        });
    }

    @Test
    @DisplayName("OPS-02: an operation ends once: its outcome is stored, a second ending is refused and changes nothing")
    void ops02_endsOnce() {
        Operation operation = newOperation(freshScope(), one(Generators.newAudiences()), 0);
        operations().add(operation);
        Stamp later = new Stamp(CREATOR, Generators.EPOCH.plusSeconds(2));
        Operation succeeded = operation.succeed(new AudienceId(UUID.randomUUID().toString()), later);
        Operation failed = operation.fail("too late", later);

        operations().end(succeeded);
        Throwable refused = catchThrowable(() -> operations().end(failed));

        assertThat(refused).isInstanceOf(IllegalStateException.class);
        assertThat(operations().find(operation.scope(), operation.id())).contains(succeeded);
    }

    @Test
    @DisplayName("OPS-03: the processing list holds processing operations only, oldest first, at most the limit")
    void ops03_processingList() {
        TenantScope scope = freshScope();
        NewAudience request = one(Generators.newAudiences());
        Operation older = newOperation(scope, request, -1_000_000);
        Operation newer = newOperation(scope, request, -999_000);
        Operation done = newOperation(scope, request, -1_000_001);
        operations().add(newer);
        operations().add(older);
        operations().add(done);
        operations().end(done.fail("done", new Stamp(CREATOR, Generators.EPOCH)));

        assertThat(operations().processing(1_000)).containsSubsequence(older, newer).doesNotContain(done);
        assertThat(operations().processing(1)).hasSize(1);
    }
}
