package dev.extaudiences.app;

import dev.extaudiences.adapter.auth.StaticCredentials;
import dev.extaudiences.core.tenant.UserId;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The token and API key a server makes up when no credentials are configured. Over a persistent store they are kept
 * in the data directory and reused at the next start, since the data outlives the process and a token exported
 * yesterday should still open it; over the memory store nothing survives a restart, and neither do they.
 */
final class GeneratedCredentials {

    static final String FILE_NAME = "generated-credentials.properties";
    static final UserId USER = new UserId("local-user");

    private static final String TOKEN = "token";
    private static final String API_KEY = "api.key";

    private final StaticCredentials credentials;
    private final Optional<Path> file;
    private boolean written;

    private GeneratedCredentials(StaticCredentials credentials, Optional<Path> file, boolean written) {
        this.credentials = credentials;
        this.file = file;
        this.written = written;
    }

    /** Fresh ones, kept nowhere. */
    static GeneratedCredentials forThisRunOnly() {
        return new GeneratedCredentials(StaticCredentials.generated(USER), Optional.empty(), false);
    }

    /** The ones kept in {@code dataDirectory}, or fresh ones that {@link #keep()} writes there. Writes nothing. */
    static GeneratedCredentials keptIn(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return new GeneratedCredentials(StaticCredentials.generated(USER), Optional.of(file), false);
        }
        Properties kept = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            kept.load(reader);
        } catch (IOException | IllegalArgumentException unreadable) {
            throw unusable(file, "cannot be read");
        }
        String token = kept.getProperty(TOKEN, "").strip();
        String apiKey = kept.getProperty(API_KEY, "").strip();
        if (token.isEmpty() || apiKey.isEmpty()) {
            throw unusable(file, "does not hold a " + TOKEN + " and an " + API_KEY);
        }
        StaticCredentials credentials = new StaticCredentials(
                List.of(new StaticCredentials.Token(token, StaticCredentials.ANY_ORG, USER)), Set.of(apiKey));
        return new GeneratedCredentials(credentials, Optional.of(file), true);
    }

    StaticCredentials credentials() {
        return credentials;
    }

    String token() {
        return credentials.tokens().get(0).secret();
    }

    String apiKey() {
        return credentials.apiKeys().iterator().next();
    }

    /** Where they are kept; empty when they last for this run only. */
    Optional<Path> file() {
        return file;
    }

    /**
     * Writes fresh ones to their file, readable by the owner only. The file appears whole or not at all (written
     * beside it, then renamed), so a crash never leaves half a secret to be read back at the next start.
     */
    void keep() {
        if (written || file.isEmpty()) {
            return;
        }
        Path target = file.get();
        Path temporary = null;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            temporary = ownerOnlyFileBeside(target);
            Files.writeString(temporary, "# Generated because no credentials were configured, and reused at every start"
                    + " over this data directory.\n# Delete this file to generate new ones.\n"
                    + TOKEN + "=" + token() + "\n" + API_KEY + "=" + apiKey() + "\n", StandardCharsets.UTF_8);
            move(temporary, target);
            written = true;
        } catch (IOException | UnsupportedOperationException unwritable) {
            throw new CannotStart("DATA_DIR", "the generated credentials cannot be kept in " + target.toAbsolutePath()
                    + ": " + unwritable.getMessage());
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static Path ownerOnlyFileBeside(Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        try {
            FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return Files.createTempFile(directory, ".credentials-", ".tmp", ownerOnly);
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions (Windows): its temporary files are private to the user already
            return Files.createTempFile(directory, ".credentials-", ".tmp");
        }
    }

    private static void move(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException notAtomic) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless: it is never read
        }
    }

    private static CannotStart unusable(Path file, String problem) {
        return new CannotStart("DATA_DIR", "the kept credentials " + file.toAbsolutePath() + " " + problem
                + "; delete the file to generate new ones");
    }
}
