package dev.extaudiences.adapter.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.testkit.source.ForwardingStorage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The fault rules bite on this storage: each case breaks the Azure storage in one way that a careless adapter could,
 * runs the whole source storage contract against it, and checks that the rule guarding that guarantee fails.
 */
class ContractDetectsBrokenAzureStoragesTest {

    private static List<String> failedRules(Class<?> contractAgainstBrokenStorage) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(contractAgainstBrokenStorage))
                .execute()
                .testEvents()
                .failed()
                .stream()
                .map(event -> event.getTestDescriptor().getDisplayName().split(":")[0])
                .toList();
    }

    @Test
    @DisplayName("SRC-13, and no other rule, catches a storage whose stream ends cleanly where a read failed")
    void cleanEndOnAFailedRead() {
        assertThat(failedRules(CleanEndOnAFailedRead.class)).containsExactly("SRC-13");
    }

    @Test
    @DisplayName("SRC-10, SRC-11 and SRC-12 catch a storage whose failures show the key it authenticates with")
    void keyInMessages() {
        assertThat(failedRules(KeyInMessages.class)).containsExactlyInAnyOrder("SRC-10", "SRC-11", "SRC-12");
    }

    @Test
    @DisplayName("SRC-05, and no other rule, catches a storage whose listing stops after its first page")
    void onePageListing() {
        assertThat(failedRules(OnePageListing.class)).containsExactly("SRC-05");
    }

    // ---- The contract bound to broken storages. Nested, so that Surefire never runs them on their own. ----

    /** The contract against the emulator, with every storage of a place broken by {@link #broken}. */
    abstract static class BrokenAzureStorage extends AzureBlobStorageTest {
        @Override
        protected Place newPlace() throws Exception {
            return new AzurePlace(AzurePlace.PREFIX, this::broken);
        }

        abstract SourceStorage broken(AzureBlobStorage storage);
    }

    static class CleanEndOnAFailedRead extends BrokenAzureStorage {
        @Override
        SourceStorage broken(AzureBlobStorage storage) {
            return new ForwardingStorage(storage) {
                @Override
                public InputStream open(SourceFile file, long offset) throws SourceException {
                    return new FilterInputStream(super.open(file, offset)) {
                        @Override
                        public int read(byte[] into, int at, int length) {
                            try {
                                return super.read(into, at, length);
                            } catch (IOException failed) {
                                return -1; // the bug: a cut file passes for a whole one
                            }
                        }
                    };
                }
            };
        }
    }

    static class KeyInMessages extends BrokenAzureStorage {
        @Override
        SourceStorage broken(AzureBlobStorage storage) {
            String key = storage.connection().credentials().secret().orElseThrow();
            Function<SourceException, SourceException> telling = failed -> new SourceException(failed.kind(),
                    failed.getMessage() + " (signed with key " + key + ")", failed); // the bug
            return new ForwardingStorage(storage) {
                @Override
                public Optional<SourceFile> file(String path) throws SourceException {
                    try {
                        return super.file(path);
                    } catch (SourceException failed) {
                        throw telling.apply(failed);
                    }
                }

                @Override
                public Optional<List<SourceFile>> folder(String path) throws SourceException {
                    try {
                        return super.folder(path);
                    } catch (SourceException failed) {
                        throw telling.apply(failed);
                    }
                }
            };
        }
    }

    static class OnePageListing extends BrokenAzureStorage {
        @Override
        SourceStorage broken(AzureBlobStorage storage) {
            int page = AzurePlace.LIMITS.pageSize();
            return new ForwardingStorage(storage) {
                @Override
                public Optional<List<SourceFile>> folder(String path) throws SourceException {
                    // the bug: the continuation token is never followed
                    return super.folder(path).map(files -> files.subList(0, Math.min(page, files.size())));
                }
            };
        }
    }

}
