package dev.extaudiences.app;

import dev.extaudiences.adapter.console.ConsolePages;
import dev.extaudiences.adapter.csv.FastCsvDecoder;
import dev.extaudiences.adapter.files.DirectoryLandingZone;
import dev.extaudiences.adapter.javalin.HttpSettings;
import dev.extaudiences.adapter.javalin.JavalinApi;
import dev.extaudiences.adapter.javalin.ServerMetrics;
import dev.extaudiences.adapter.phone.LibPhoneNumbers;
import dev.extaudiences.adapter.jdbi.JdbiDatabase;
import dev.extaudiences.adapter.memory.InMemoryConnections;
import dev.extaudiences.adapter.memory.InMemoryStores;
import dev.extaudiences.adapter.webhook.HttpWebhookSender;
import dev.extaudiences.adapter.webhook.JsonWebhookBodies;
import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.Stores;
import dev.extaudiences.core.WebhookStores;
import dev.extaudiences.core.port.out.SourceReads;
import dev.extaudiences.core.service.StoredSourceFiles;
import dev.extaudiences.core.source.Connection;
import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the server is put together, from {@link Settings}, with plain constructors (no container, no
 * reflection): who may call (as {@link AccessSetup} reads it from the settings), the stores, the source files, the
 * domain with its background work, and the HTTP API in front of it; in which order a start goes, and what a start that
 * fails undoes. The app module is the only one that depends on every other.
 */
public final class CompositionRoot {

    private static final Logger LOG = LoggerFactory.getLogger(CompositionRoot.class);

    private CompositionRoot() {
    }

    /**
     * A server listening as the settings say. Nothing is made on disk before every setting was read and the address
     * checked; a start that fails after the stores were opened closes them again.
     */
    public static Server start(Settings settings, Clock clock) {
        AccessSetup.Access access = AccessSetup.from(settings, clock);
        ListeningAddress.check(settings.host(), settings.port());
        // made before the domain, which counts what its runs read into it, and shown by the HTTP API's /metrics
        ServerMetrics metrics = new ServerMetrics();
        Backend backend = open(settings, clock, metrics);
        try {
            access.generated().ifPresent(GeneratedCredentials::keep);
            int resumed = backend.domain().completePendingOperations(1_000);
            if (resumed > 0) {
                LOG.info("finished {} create operations left processing by a previous run", resumed);
            }
            Javalin http = JavalinApi.create(backend.domain().useCases(), backend.domain().webhookUseCases(),
                    access.credentials(),
                    new HttpSettings(settings.host(), settings.port(), settings.maxBodyBytes(), backend.storesReady()),
                    metrics, ConsolePages::register);
            startListening(http, settings);
            return new Server(backend, http, access);
        } catch (RuntimeException failedToStart) {
            backend.closeQuietly();
            throw failedToStart;
        }
    }

    /** The port was free when checked; another process may have taken it since. */
    private static void startListening(Javalin http, Settings settings) {
        try {
            http.start();
        } catch (JavalinBindException taken) {
            throw ListeningAddress.portInUse(settings.host(), settings.port());
        }
    }

    /** The domain over the stores the settings choose, and what must be closed with it. */
    public static Backend open(Settings settings, Clock clock) {
        return open(settings, clock, SourceReads.none());
    }

    /** The same, telling {@code reads} what its runs read from their storages. */
    public static Backend open(Settings settings, Clock clock, SourceReads reads) {
        // every connection's storage before the database: a connection that cannot be set up stops the start before
        // anything is made on disk
        SourceStorages storages = SourceStorages.open(settings.connections(), System.getenv());
        Optional<JdbiDatabase> database = Optional.empty();
        Stores stores;
        WebhookStores webhookStores;
        try {
            if (settings.store() == Settings.StoreKind.MEMORY) {
                stores = InMemoryStores.create();
                webhookStores = InMemoryStores.webhooks();
            } else {
                JdbiDatabase opened = openDatabase(settings);
                database = Optional.of(opened);
                stores = opened.stores();
                webhookStores = opened.webhookStores();
            }
        } catch (RuntimeException failed) {
            storages.close();
            throw failed;
        }
        List<Connection> connections = settings.connections().stream().map(ConnectionSetting::connection).toList();
        // one landing zone, read by runs and written by uploads: a file uploaded is the one the next run reads
        DirectoryLandingZone landing = new DirectoryLandingZone(settings.landingDirectory());
        ExternalAudiences domain = ExternalAudiences.builder(stores)
                .clock(clock)
                .guardrails(settings.guardrails())
                .connections(new InMemoryConnections(connections))
                .sourceFiles(new StoredSourceFiles(landing, storages.connected(), new FastCsvDecoder()))
                .landingUploads(landing)
                .uploadLimit(settings.uploadLimit())
                .sourceReads(reads)
                .runLease(settings.runLease())
                .idempotencyWindow(settings.idempotencyWindow())
                .identityRules(settings.identities().identityRules(new LibPhoneNumbers()))
                .webhooks(webhookStores, new JsonWebhookBodies(), new HttpWebhookSender(
                        settings.webhooks().connectTimeout(), settings.webhooks().exchangeTimeout()),
                        settings.webhooks().lease(), settings.webhooks().senders())
                .build();
        // on every node, with no worker thread too: any live node fails the runs of a node that died, and sweeps
        domain.startBackgroundWork(settings.runWorkers(), settings.runPollInterval(), settings.sweepInterval());
        BooleanSupplier ready = database.<BooleanSupplier>map(db -> db::isReady).orElse(() -> true);
        Optional<JdbiDatabase> opened = database;
        return new Backend(domain, ready, () -> {
            storages.close();
            if (opened.isPresent()) {
                opened.get().close();
            }
        });
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

    /**
     * The running domain, whether its stores answer, and the resources it holds open. The domain owns the background
     * work's threads; closing the backend stops them before the stores they use are closed.
     */
    public record Backend(ExternalAudiences domain, BooleanSupplier storesReady, AutoCloseable resources)
            implements AutoCloseable {

        /** Lets accepted operations finish, then closes the database cleanly. */
        @Override
        public void close() throws Exception {
            domain.close();
            resources.close();
        }

        /** Closes, logging a failure rather than throwing it: a stop goes on whatever the stores answer. */
        void closeQuietly() {
            try {
                close();
            } catch (Exception failure) {
                LOG.warn("closing the stores failed", failure);
            }
        }
    }
}
