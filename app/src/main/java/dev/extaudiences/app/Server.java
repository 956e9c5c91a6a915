package dev.extaudiences.app;

import dev.extaudiences.adapter.javalin.HttpSettings;
import dev.extaudiences.adapter.javalin.JavalinApi;
import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running server: the backend chosen by the settings behind the HTTP API. Closing it drains, then closes. */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final CompositionRoot.Backend backend;
    private final Javalin http;
    private final AccessSetup.Access access;

    private Server(CompositionRoot.Backend backend, Javalin http, AccessSetup.Access access) {
        this.backend = backend;
        this.http = http;
        this.access = access;
    }

    public static Server start(Settings settings, Clock clock) {
        AccessSetup.Access access = AccessSetup.from(settings, clock);
        ListeningAddress.check(settings.host(), settings.port());
        CompositionRoot.Backend backend = CompositionRoot.open(settings, clock);
        try {
            access.generated().ifPresent(GeneratedCredentials::keep);
            int resumed = backend.domain().completePendingOperations(1_000);
            if (resumed > 0) {
                LOG.info("finished {} create operations left processing by a previous run", resumed);
            }
            Javalin http = JavalinApi.create(backend.domain().useCases(), access.credentials(),
                    new HttpSettings(settings.host(), settings.port(), settings.maxBodyBytes(), backend.storesReady()));
            startListening(http, settings);
            return new Server(backend, http, access);
        } catch (RuntimeException failedToStart) {
            closeQuietly(backend);
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

    public int port() {
        return http.port();
    }

    /** The generated token and API key, when nothing was configured. */
    public AccessSetup.Access access() {
        return access;
    }

    /** Stops accepting requests, lets in-flight ones finish, then closes the stores. */
    @Override
    public void close() {
        LOG.info("stopping: no new requests, letting those in flight finish");
        http.stop();
        closeQuietly(backend);
        LOG.info("stopped: the stores are closed");
    }

    private static void closeQuietly(CompositionRoot.Backend backend) {
        try {
            backend.close();
        } catch (Exception failure) {
            LOG.warn("closing the stores failed", failure);
        }
    }
}
