package dev.extaudiences.app;

import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server, as {@link CompositionRoot#start} put it together: the HTTP API in front of the domain and its
 * stores. Closing it stops them in the one order that loses nothing: no new requests, those in flight finished, the
 * background work stopped, then the stores closed.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final CompositionRoot.Backend backend;
    private final Javalin http;
    private final AccessSetup.Access access;

    Server(CompositionRoot.Backend backend, Javalin http, AccessSetup.Access access) {
        this.backend = backend;
        this.http = http;
        this.access = access;
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
        backend.closeQuietly();
        LOG.info("stopped: the stores are closed");
    }
}
