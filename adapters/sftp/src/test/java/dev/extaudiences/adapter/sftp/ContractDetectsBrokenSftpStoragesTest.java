package dev.extaudiences.adapter.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.testkit.contract.SourceStorageContract;
import dev.extaudiences.testkit.source.ForwardingStorage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A fault rule that no broken storage fails is not yet a rule. Each case wraps the real SFTP storage so that one
 * guarantee breaks the way an SFTP adapter could break it, runs the contract's rules on it, and checks that the rule
 * guarding that guarantee fails (and the rule beside it, which the breakage leaves alone, still passes).
 */
class ContractDetectsBrokenSftpStoragesTest {

    private static Path served;
    private static SftpTestServer server;
    private static SftpPlaces places;

    @BeforeAll
    static void startServer() throws Exception {
        served = Files.createTempDirectory("broken-sftp");
        server = SftpTestServer.start(served.resolve("served"));
        places = new SftpPlaces(server);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static List<String> failedRules(Class<?> brokenContract, String... rules) {
        MethodSelector[] selected = Arrays.stream(rules).map(rule -> selectMethod(brokenContract, rule))
                .toArray(MethodSelector[]::new);
        return EngineTestKit.engine("junit-jupiter").selectors(selected).execute().testEvents().failed().stream()
                .map(event -> event.getTestDescriptor().getDisplayName().split(":")[0]).toList();
    }

    @Test
    @DisplayName("SRC-13 catches a stream that ends cleanly where the connection was cut")
    void cleanEndOnACut() {
        assertThat(failedRules(CleanEndOnFailedRead.class, "src13_cutMidRead", "src02_readsBackExactly"))
                .containsExactly("SRC-13");
    }

    @Test
    @DisplayName("SRC-10 catches a storage whose failure shows the password")
    void passwordInTheMessage() {
        assertThat(failedRules(PasswordInFailures.class, "src10_wrongCredentials", "src01_describesAFile"))
                .containsExactly("SRC-10");
    }

    @Test
    @DisplayName("SRC-11 catches a storage that takes a missing root directory for an empty folder")
    void missingRootAsEmpty() {
        assertThat(failedRules(MissingRootAsEmptyFolder.class, "src11_missingPlace", "src06_noFolderWhereNoneIs"))
                .containsExactly("SRC-11");
    }

    @Test
    @DisplayName("SRC-10, SRC-11 and SRC-12 catch a storage that answers 'nothing there' when it cannot reach its server")
    void failuresAsNothing() {
        assertThat(failedRules(FailuresAsNothing.class, "src10_wrongCredentials", "src11_missingPlace",
                "src12_unreachable", "src03_noFileWhereNoneIs")).containsExactlyInAnyOrder("SRC-10", "SRC-11",
                "SRC-12");
    }

    // ---- The contract bound to broken storages. Nested, so that Surefire never runs them on their own. ----

    /** The contract on this test's server, every storage of each place broken by {@link #broken}. */
    abstract static class BrokenSftpContract extends SourceStorageContract {
        @Override
        protected Place newPlace() throws Exception {
            return places.newPlace(this::broken);
        }

        abstract SourceStorage broken(SourceStorage storage);
    }

    static class CleanEndOnFailedRead extends BrokenSftpContract {
        @Override
        SourceStorage broken(SourceStorage storage) {
            return new ForwardingStorage(storage) {
                @Override
                public InputStream open(SourceFile file, long offset) throws SourceException {
                    return new FilterInputStream(super.open(file, offset)) {
                        @Override
                        public int read(byte[] buffer, int from, int length) {
                            try {
                                return super.read(buffer, from, length);
                            } catch (IOException cut) {
                                return -1; // the bug: a dropped connection reads as the end of the file
                            }
                        }
                    };
                }
            };
        }
    }

    static class PasswordInFailures extends BrokenSftpContract {
        @Override
        SourceStorage broken(SourceStorage storage) {
            SftpConnection connection = ((SftpStorage) storage).connection();
            return new FailureRewording(storage, failure -> new SourceException(failure.kind(), failure.getMessage()
                    + " (as " + connection.user() + ":" + ((Auth.Password) connection.auth()).password() + ")"));
        }
    }

    static class MissingRootAsEmptyFolder extends BrokenSftpContract {
        @Override
        SourceStorage broken(SourceStorage storage) {
            return new ForwardingStorage(storage) {
                @Override
                public Optional<List<SourceFile>> folder(String path) throws SourceException {
                    try {
                        return super.folder(path);
                    } catch (SourceException failure) {
                        if (failure.getMessage().contains("does not exist")) {
                            return Optional.of(List.of()); // the bug: a missing root reads as an empty one
                        }
                        throw failure;
                    }
                }

                @Override
                public Optional<SourceFile> file(String path) throws SourceException {
                    try {
                        return super.file(path);
                    } catch (SourceException failure) {
                        if (failure.getMessage().contains("does not exist")) {
                            return Optional.empty();
                        }
                        throw failure;
                    }
                }
            };
        }
    }

    static class FailuresAsNothing extends BrokenSftpContract {
        @Override
        SourceStorage broken(SourceStorage storage) {
            return new ForwardingStorage(storage) {
                @Override
                public Optional<List<SourceFile>> folder(String path) {
                    try {
                        return super.folder(path);
                    } catch (SourceException unreachable) {
                        return Optional.empty(); // the bug: a server not reached has nothing
                    }
                }

                @Override
                public Optional<SourceFile> file(String path) {
                    try {
                        return super.file(path);
                    } catch (SourceException unreachable) {
                        return Optional.empty();
                    }
                }
            };
        }
    }

    /** Every failure of {@code storage} reworded by {@code rewording}. */
    static final class FailureRewording extends ForwardingStorage {
        private final UnaryOperator<SourceException> rewording;

        FailureRewording(SourceStorage storage, UnaryOperator<SourceException> rewording) {
            super(storage);
            this.rewording = rewording;
        }

        @Override
        public Optional<SourceFile> file(String path) throws SourceException {
            try {
                return super.file(path);
            } catch (SourceException failure) {
                throw rewording.apply(failure);
            }
        }

        @Override
        public Optional<List<SourceFile>> folder(String path) throws SourceException {
            try {
                return super.folder(path);
            } catch (SourceException failure) {
                throw rewording.apply(failure);
            }
        }
    }

}
