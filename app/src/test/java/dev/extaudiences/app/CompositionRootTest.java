package dev.extaudiences.app;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationStatus;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompositionRootTest {

    private static final Caller CALLER = new Caller(TenantScope.of("org@AdobeOrg", "prod"), new UserId("me"));

    @Test
    void theDefaultIsAnEmbeddedH2FileUnderTheDataDirectoryThatSurvivesARestart(@TempDir Path data) throws Exception {
        Settings settings = Settings.from(Map.of("EXTAUDIENCES_DATA_DIR", data.toString()));
        AudienceId created;
        try (CompositionRoot.Backend backend = CompositionRoot.open(settings, Clock.systemUTC())) {
            assertThat(backend.storesReady().getAsBoolean()).isTrue();
            created = createAndAwait(backend.domain(), "Gold");
        }
        assertThat(Files.exists(data.resolve("db").resolve("extaudiences.mv.db"))).isTrue();
        try (CompositionRoot.Backend restarted = CompositionRoot.open(settings, Clock.systemUTC())) {
            assertThat(restarted.domain().audience(CALLER.scope(), created).name().value()).isEqualTo("Gold");
        }
    }

    @Test
    void aPostgresUrlIsSharedByTwoNodes(@TempDir Path data) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Settings settings = Settings.from(Map.of("EXTAUDIENCES_DATA_DIR", data.toString(),
                    "EXTAUDIENCES_DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                    "EXTAUDIENCES_DATABASE_USER", "postgres", "EXTAUDIENCES_DATABASE_PASSWORD", "postgres"));
            try (CompositionRoot.Backend one = CompositionRoot.open(settings, Clock.systemUTC());
                 CompositionRoot.Backend other = CompositionRoot.open(settings, Clock.systemUTC())) {
                AudienceId created = createAndAwait(one.domain(), "Platinum");
                assertThat(other.domain().audience(CALLER.scope(), created).name().value()).isEqualTo("Platinum");
                assertThat(other.storesReady().getAsBoolean()).isTrue();
            }
            assertThat(Files.exists(data.resolve("db"))).as("no H2 file beside a PostgreSQL URL").isFalse();
        }
    }

    @Test
    void memoryStoresCanBeChosenAndNothingOfThemIsOnDiskOrSurvivesARestart(@TempDir Path data) throws Exception {
        Settings settings = Settings.from(Map.of("EXTAUDIENCES_DATA_DIR", data.toString(),
                "EXTAUDIENCES_STORE", "memory"));
        AudienceId created;
        try (CompositionRoot.Backend backend = CompositionRoot.open(settings, Clock.systemUTC())) {
            created = createAndAwait(backend.domain(), "Silver");
            assertThat(backend.domain().audience(CALLER.scope(), created).name().value()).isEqualTo("Silver");
        }
        assertThat(data.resolve("db")).as("no database under the data directory").doesNotExist();
        try (CompositionRoot.Backend restarted = CompositionRoot.open(settings, Clock.systemUTC())) {
            assertThat(catchThrowable(() -> restarted.domain().audience(CALLER.scope(), created)))
                    .isInstanceOfSatisfying(DomainException.class,
                            gone -> assertThat(gone.error()).isInstanceOf(DomainError.NotFound.class));
        }
    }

    @Test
    void anUnreadableSettingIsNamed() {
        assertThatThrownBy(() -> Settings.from(Map.of("EXTAUDIENCES_DATABASE_POOL_SIZE", "many")))
                .hasMessageContaining("EXTAUDIENCES_DATABASE_POOL_SIZE");
        assertThatThrownBy(() -> Settings.from(Map.of("EXTAUDIENCES_DATABASE_POOL_SIZE", "1")))
                .as("a merge holds one connection while its progress is saved on another")
                .hasMessageContaining("EXTAUDIENCES_DATABASE_POOL_SIZE");
        assertThatThrownBy(() -> Settings.from(Map.of("store", "floppy")))
                .hasMessageContaining("EXTAUDIENCES_STORE");
    }

    private static AudienceId createAndAwait(ExternalAudiences domain, String name) throws InterruptedException {
        Operation accepted = domain.create(CALLER, NewAudience.minimal(name,
                Fields.of(Field.identity("email", FieldType.STRING, "email")),
                SourceSpecRequest.dlz("gold.csv", SourceKind.FILE)));
        Operation current = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> domain.operation(CALLER.scope(), accepted.id()), operation -> !operation.isProcessing());
        assertThat(current.status()).isInstanceOf(OperationStatus.Succeeded.class);
        return current.audienceId().orElseThrow();
    }
}
