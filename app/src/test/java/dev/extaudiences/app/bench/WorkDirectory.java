package dev.extaudiences.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A benchmark's scratch directory, removed when the benchmark's JVM exits (however it ends short of a kill): a run
 * of a million rows leaves about 100 MB of files and databases, which a few reruns would pile up in /tmp.
 */
final class WorkDirectory {

    private WorkDirectory() {
    }

    static Path create(String prefix) throws IOException {
        Path directory = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory), "remove-" + prefix));
        return directory;
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException stillInUse) {
                    throw new UncheckedIOException(stillInUse);
                }
            });
        } catch (IOException | UncheckedIOException left) {
            System.err.println("could not remove all of " + directory + ": " + left.getMessage());
        }
    }
}
