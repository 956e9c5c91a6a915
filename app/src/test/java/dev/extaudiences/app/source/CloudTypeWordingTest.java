package dev.extaudiences.app.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.service.Backoff;
import dev.extaudiences.core.service.StoredSourceFiles;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.SourceCheck;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourcePath;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.tenant.TenantScope;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The domain's messages name a cloud type as people call it (S3, DLZ, GCS, Azure, SFTP), the same word the contract
 * and the settings use: a refused source spec, a connection that is not there, a storage that failed.
 */
class CloudTypeWordingTest {

    private static final TenantScope SCOPE = TenantScope.of("1234@AdobeOrg", "prod");
    private static final ConnectionId GOLD = new ConnectionId("gold");
    private static final Backoff NO_WAITING = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1),
            Duration.ofMillis(1), pause -> { });
    private static final Map<CloudType, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put(CloudType.S3, "S3");
        NAMES.put(CloudType.DLZ, "DLZ");
        NAMES.put(CloudType.GCS, "GCS");
        NAMES.put(CloudType.AZURE, "Azure");
        NAMES.put(CloudType.SFTP, "SFTP");
    }

    private static SourceSpec spec(CloudType type, Optional<ConnectionId> connection) {
        return new SourceSpec(new SourcePath("crm/members.csv"), SourceKind.FILE, Optional.empty(), type, connection);
    }

    /** A storage that is never reached. */
    private static final SourceStorage DOWN = new SourceStorage() {
        @Override
        public Optional<String> escapes(String path) {
            return Optional.empty();
        }

        @Override
        public Optional<SourceFile> file(String path) throws SourceException {
            throw new SourceException(SourceException.Kind.STORAGE_FAILURE, "the server is unreachable");
        }

        @Override
        public Optional<List<SourceFile>> folder(String path) throws SourceException {
            throw new SourceException(SourceException.Kind.STORAGE_FAILURE, "the server is unreachable");
        }

        @Override
        public InputStream open(SourceFile file, long offset) throws SourceException {
            throw new SourceException(SourceException.Kind.STORAGE_FAILURE, "the server is unreachable");
        }
    };

    @Test
    void aSourceSpecRefusedForItsCloudTypeNamesIt() {
        NAMES.forEach((type, name) -> {
            if (type.connectionNeed() == CloudType.ConnectionNeed.REQUIRED) {
                DomainException refused = catchThrowableOfType(DomainException.class, () -> new SourceSpecRequest(
                        new SourcePath("a.csv"), SourceKind.FILE, Optional.empty(), Optional.of(type),
                        Optional.empty()));
                assertThat(refused.error()).as(name)
                        .isEqualTo(new DomainError.Invalid("sourceSpec.baseConnectionId",
                                "is required when cloudType is " + name));
            }
            CloudType other = type == CloudType.AZURE ? CloudType.SFTP : CloudType.AZURE;
            SourceSpecRequest request = new SourceSpecRequest(new SourcePath("a.csv"), SourceKind.FILE,
                    Optional.empty(), Optional.of(type), Optional.of(GOLD));
            assertThat(request.resolve(Optional.of(new Connection(GOLD, other)))).as(name)
                    .isEqualTo(new SourceSpecRequest.Resolution.Unresolvable("baseConnectionId 'gold' is a "
                            + NAMES.get(other) + " connection, but cloudType says " + name));
        });
    }

    @Test
    void aConnectionThatIsNotThereIsNamedByItsCloudType() {
        StoredSourceFiles files = new StoredSourceFiles(scope -> DOWN, List.of(), (name, bytes, state) -> {
            throw new AssertionError("nothing is decoded");
        }, NO_WAITING);
        NAMES.forEach((type, name) -> {
            assertThat(files.check(SCOPE, spec(type, Optional.of(GOLD)))).as(name)
                    .isEqualTo(new SourceCheck.Unavailable(name + " connection 'gold' is not available in this "
                            + "server: no connection of that id is configured for this org"));
            if (type != CloudType.DLZ) {
                assertThat(files.check(SCOPE, spec(type, Optional.empty()))).as(name)
                        .isEqualTo(new SourceCheck.Unavailable(name + " storage without a connection is not "
                                + "available in this server: name a connection with baseConnectionId"));
            }
        });
    }

    @Test
    void aStorageThatFailsIsNamedByTheCloudTypeOfItsConnection() {
        NAMES.forEach((type, name) -> {
            StoredSourceFiles files = new StoredSourceFiles(scope -> DOWN,
                    List.of(new StoredSourceFiles.Connected(new Connection(GOLD, type), DOWN)),
                    (file, bytes, state) -> {
                        throw new AssertionError("nothing is decoded");
                    }, NO_WAITING);
            SourceException failed = catchThrowableOfType(SourceException.class,
                    () -> files.list(SCOPE, spec(type, Optional.of(GOLD))));
            assertThat(failed.getMessage()).as(name).isEqualTo("the " + name + " connection 'gold' failed while "
                    + "describing 'crm/members.csv': the server is unreachable");
        });
    }
}
