package dev.extaudiences.adapter.javalin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

/** The route table as the route groups fill it in; every GET route answers HEAD too. */
final class Routes {

    /** A set of routes that change together: one resource's, or the operational ones. */
    interface Group {
        void addTo(Routes routes);
    }

    static final String AUDIENCE = JavalinApi.BASE + "/external-audience";
    static final String ONE_AUDIENCE = AUDIENCE + "/{audienceId}";

    private final RoutesConfig config;

    Routes(RoutesConfig config) {
        this.config = config;
    }

    /** GET, and HEAD answering what GET would, status and headers, without the body (Jetty drops it). */
    void readable(String path, Handler handler) {
        config.get(path, handler);
        config.head(path, handler);
    }

    void post(String path, Handler handler) {
        config.post(path, handler);
    }

    void put(String path, Handler handler) {
        config.put(path, handler);
    }

    void patch(String path, Handler handler) {
        config.patch(path, handler);
    }

    void delete(String path, Handler handler) {
        config.delete(path, handler);
    }
}
