package dev.extaudiences.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositionRootTest {

    @Test
    void theInMemoryDomainCompletesCreateOperationsInTheBackground() throws Exception {
        try (ExternalAudiences domain = CompositionRoot.inMemory(Clock.systemUTC(), RunGuardrails.DEFAULTS, List.of())) {
            Caller caller = new Caller(TenantScope.of("org@AdobeOrg", "prod"), new UserId("me"));
            Operation accepted = domain.create(caller, NewAudience.minimal("Gold",
                    Fields.of(Field.identity("email", FieldType.STRING, "email")),
                    SourceSpecRequest.dlz("gold.csv", SourceKind.FILE)));

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Operation current = domain.operation(caller.scope(), accepted.id());
            while (current.isProcessing() && System.nanoTime() < deadline) {
                Thread.sleep(10);
                current = domain.operation(caller.scope(), accepted.id());
            }

            assertThat(current.status().wireName()).isEqualTo("SUCCESS");
            assertThat(domain.audience(caller.scope(), current.audienceId().orElseThrow()).name().value())
                    .isEqualTo("Gold");
        }
    }
}
