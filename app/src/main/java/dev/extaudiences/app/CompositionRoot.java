package dev.extaudiences.app;

import dev.extaudiences.adapter.csv.CommonsCsvDecoder;
import dev.extaudiences.adapter.files.DirectoryLandingZone;
import dev.extaudiences.adapter.files.DirectoryStorage;
import dev.extaudiences.adapter.jdbi.JdbiDatabase;
import dev.extaudiences.adapter.memory.InMemoryConnections;
import dev.extaudiences.adapter.memory.InMemoryStores;
import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.Stores;
import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.service.StoredSourceFiles;
import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Wires the domain to its stores and sources with plain constructors (no container, no reflection), from
 * {@link Settings}; {@link Server} adds HTTP and {@link AccessSetup} the credentials around it. The app module is the
 * only one that depends on every other.
 */
public final class CompositionRoot {

    private CompositionRoot() {
    }

    /** The domain over the stores the settings choose, and what must be closed with it. */
    public static Backend open(Settings settings, Clock clock) {
        requireConnectionDirectories(settings);
        Optional<JdbiDatabase> database = Optional.empty();
        Stores stores;
        if (settings.store() == Settings.StoreKind.MEMORY) {
            stores = InMemoryStores.create();
        } else {
            JdbiDatabase opened = openDatabase(settings);
            database = Optional.of(opened);
            stores = opened.stores();
        }
        List<Connection> connections = settings.connections().stream().map(ConnectionSetting::connection).toList();
        List<StoredSourceFiles.Connected> storages = settings.connections().stream()
                .map(setting -> new StoredSourceFiles.Connected(setting.connection(), storage(setting))).toList();
        ExternalAudiences domain = ExternalAudiences.builder(stores)
                .clock(clock)
                .guardrails(settings.guardrails())
                .connections(new InMemoryConnections(connections))
                .sourceFiles(new StoredSourceFiles(new DirectoryLandingZone(settings.landingDirectory()), storages,
                        new CommonsCsvDecoder()))
                .runLease(settings.runLease())
                .build();
        // on every node, with no worker thread too: any live node fails the runs of a node that died, and sweeps
        domain.startBackgroundWork(settings.runWorkers(), settings.runPollInterval(), settings.sweepInterval());
        BooleanSupplier ready = database.<BooleanSupplier>map(db -> db::isReady).orElse(() -> true);
        return new Backend(domain, ready, database.<AutoCloseable>map(db -> db).orElse(() -> { }));
    }

    private static SourceStorage storage(ConnectionSetting connection) {
        if (connection instanceof ConnectionSetting.Directory directory) {
            return DirectoryStorage.of(directory.directory());
        }
        throw new CannotStart("CONNECTIONS", "connection '" + connection.id() + "': " + connection.cloudType()
                .wireName() + " over its own protocol is not available in this build");
    }

    /** A connection's directory that is not there is a typo or a mount missing: said at start, not at every run. */
    private static void requireConnectionDirectories(Settings settings) {
        for (ConnectionSetting connection : settings.connections()) {
            if (connection instanceof ConnectionSetting.Directory directory
                    && !java.nio.file.Files.isDirectory(directory.directory())) {
                throw new CannotStart("CONNECTIONS", "connection '" + connection.id() + "': "
                        + directory.directory().toAbsolutePath() + " is not a directory");
            }
        }
    }

    private static JdbiDatabase openDatabase(Settings settings) {
        try {
            return JdbiDatabase.open(settings.effectiveDatabaseUrl(), settings.databaseUser(),
                    settings.databasePassword(), settings.databasePoolSize(), settings.databaseTimeouts());
        } catch (RuntimeException unopened) {
            String why = settings.withoutSecrets(reason(unopened));
            if (settings.databaseUrl().isPresent()) {
                throw new CannotStart("DATABASE_URL", "the database at " + settings.shownDatabaseUrl()
                        + " cannot be opened: " + why);
            }
            throw new CannotStart("DATA_DIR", "the embedded database under "
                    + settings.dataDirectory().resolve("db").toAbsolutePath() + " cannot be opened: " + why);
        }
    }

    /** The root cause says what failed (refused, no such database, wrong password); pools and migrations wrap it. */
    private static String reason(Throwable failure) {
        String reason = failure.getClass().getSimpleName();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                reason = cause.getMessage();
            }
        }
        return reason;
    }

    /** The running domain, whether its stores answer, and the resources it holds open. */
    public record Backend(ExternalAudiences domain, BooleanSupplier storesReady, AutoCloseable resources)
            implements AutoCloseable {

        /** Lets accepted operations finish, then closes the database cleanly. */
        @Override
        public void close() throws Exception {
            domain.close();
            resources.close();
        }
    }
}
