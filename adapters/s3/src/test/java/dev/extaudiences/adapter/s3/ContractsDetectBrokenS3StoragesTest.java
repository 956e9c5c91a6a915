package dev.extaudiences.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.testkit.source.ForwardingStorage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A fault rule that no broken S3 storage fails would prove nothing of this one. Each case breaks one thing the
 * S3 storage takes care of, runs the source storage contract against it on the same server, and checks that the
 * rule guarding it fails.
 */
class ContractsDetectBrokenS3StoragesTest {

    private static List<String> failedRules(Class<?> contractAgainstBrokenStorage) {
        return org.junit.platform.testkit.engine.EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(contractAgainstBrokenStorage))
                .execute()
                .testEvents()
                .failed()
                .stream()
                .map(event -> event.getTestDescriptor().getDisplayName().split(":")[0])
                .toList();
    }

    @Test
    @DisplayName("SRC-13 catches a read that takes a failed connection for the end of the file")
    void failedReadAsCleanEnd() {
        assertThat(failedRules(FailedReadAsCleanEnd.class)).contains("SRC-13");
    }

    @Test
    @DisplayName("SRC-13 catches a read that fails with an unchecked exception instead of an IOException")
    void uncheckedReadFailure() {
        assertThat(failedRules(UncheckedReadFailure.class)).contains("SRC-13");
    }

    @Test
    @DisplayName("SRC-10, SRC-11 and SRC-12 catch failure messages that show the secret signed with")
    void secretInMessages() {
        assertThat(failedRules(SecretInMessages.class)).contains("SRC-10", "SRC-11", "SRC-12");
    }

    @Test
    @DisplayName("SRC-05 catches a listing that stops after its first page")
    void firstPageOnly() {
        assertThat(failedRules(FirstPageOnly.class)).containsExactly("SRC-05");
    }

    @Test
    @DisplayName("SRC-10, SRC-11 and SRC-12 catch a storage that takes every failure for a missing file or folder")
    void failuresAsAbsence() {
        assertThat(failedRules(FailuresAsAbsence.class)).contains("SRC-10", "SRC-11", "SRC-12");
    }

    // ---- The contract bound to broken storages. Nested, so that Surefire never runs them on their own. ----

    /** The contract against S3 storages each turned into a broken one by {@link #broken}. */
    abstract static class BrokenS3Storage extends S3StorageTest {
        @Override
        UnaryOperator<SourceStorage> variant() {
            return storage -> broken((S3Storage) storage);
        }

        abstract SourceStorage broken(S3Storage storage);
    }

    static class FailedReadAsCleanEnd extends BrokenS3Storage {
        @Override
        SourceStorage broken(S3Storage storage) {
            return new ForwardingStorage(storage) {
                @Override
                public InputStream open(SourceFile file, long offset) throws SourceException {
                    return new FilterInputStream(delegate.open(file, offset)) {
                        @Override
                        public int read(byte[] buffer, int from, int length) {
                            try {
                                return super.read(buffer, from, length);
                            } catch (IOException failed) {
                                return -1;
                            }
                        }
                    };
                }
            };
        }
    }

    static class UncheckedReadFailure extends BrokenS3Storage {
        @Override
        SourceStorage broken(S3Storage storage) {
            return new ForwardingStorage(storage) {
                @Override
                public InputStream open(SourceFile file, long offset) throws SourceException {
                    return new FilterInputStream(delegate.open(file, offset)) {
                        @Override
                        public int read(byte[] buffer, int from, int length) {
                            try {
                                return super.read(buffer, from, length);
                            } catch (IOException failed) {
                                throw new UncheckedIOException(failed);
                            }
                        }
                    };
                }
            };
        }
    }

    static class SecretInMessages extends BrokenS3Storage {
        @Override
        SourceStorage broken(S3Storage storage) {
            String secret = ((S3Credentials.Static) storage.connection().credentials()).secret();
            return new ForwardingStorage(storage) {
                private SourceException showing(SourceException failure) {
                    return new SourceException(failure.kind(), failure.getMessage() + " (signed with " + secret + ")",
                            failure);
                }

                @Override
                public Optional<SourceFile> file(String path) throws SourceException {
                    try {
                        return delegate.file(path);
                    } catch (SourceException failure) {
                        throw showing(failure);
                    }
                }

                @Override
                public Optional<List<SourceFile>> folder(String path) throws SourceException {
                    try {
                        return delegate.folder(path);
                    } catch (SourceException failure) {
                        throw showing(failure);
                    }
                }
            };
        }
    }

    static class FirstPageOnly extends BrokenS3Storage {
        @Override
        SourceStorage broken(S3Storage storage) {
            return new ForwardingStorage(storage) {
                @Override
                public Optional<List<SourceFile>> folder(String path) throws SourceException {
                    return delegate.folder(path).map(files -> files.subList(0, Math.min(PAGE_SIZE, files.size())));
                }
            };
        }
    }

    static class FailuresAsAbsence extends BrokenS3Storage {
        @Override
        SourceStorage broken(S3Storage storage) {
            return new ForwardingStorage(storage) {
                @Override
                public Optional<SourceFile> file(String path) {
                    try {
                        return delegate.file(path);
                    } catch (SourceException failure) {
                        return Optional.empty();
                    }
                }

                @Override
                public Optional<List<SourceFile>> folder(String path) {
                    try {
                        return delegate.folder(path);
                    } catch (SourceException failure) {
                        return Optional.empty();
                    }
                }
            };
        }
    }
}
