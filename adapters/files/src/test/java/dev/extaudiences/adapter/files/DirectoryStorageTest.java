package dev.extaudiences.adapter.files;

import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.testkit.contract.SourceStorageContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** A connection's directory keeps the source storage contract (links out of it: {@code LocalSourceFilesTest}). */
class DirectoryStorageTest extends SourceStorageContract {

    @TempDir
    Path temp;

    @Override
    protected Place newPlace() throws Exception {
        return directoryPlace(Files.createDirectories(temp.resolve("bucket")), DirectoryStorage::of);
    }

    /** A place of files under {@code root}, read by the storage {@code open} makes of it. */
    static Place directoryPlace(Path root, java.util.function.Function<Path, SourceStorage> open) {
        SourceStorage storage = open.apply(root);
        return new Place() {
            @Override
            public SourceStorage storage() {
                return storage;
            }

            @Override
            public void put(String path, byte[] content) throws Exception {
                Path file = root.resolve(path);
                Files.createDirectories(file.getParent());
                Files.write(file, content);
            }

            @Override
            public void delete(String path) throws Exception {
                Files.delete(root.resolve(path));
            }
        };
    }
}
