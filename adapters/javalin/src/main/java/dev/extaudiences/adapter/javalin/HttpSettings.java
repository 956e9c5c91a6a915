package dev.extaudiences.adapter.javalin;

import java.util.function.BooleanSupplier;

/**
 * What the HTTP server is told: where to listen, how large a body may be, and how to ask whether the stores are
 * ready (for {@code /health}).
 */
public record HttpSettings(String host, int port, long maxBodyBytes, BooleanSupplier storesReady) {

    public HttpSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("the body size limit must be at least 1 KiB");
        }
    }
}
