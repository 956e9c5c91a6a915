package dev.extaudiences.app;

import dev.extaudiences.adapter.auth.StaticCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Starts the server: settings from a properties file ({@code --config FILE} or {@code EXTAUDIENCES_CONFIG}), overridden
 * by environment variables, then the stores, then HTTP. Stops cleanly on SIGTERM/SIGINT.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Server server;
        Settings settings;
        try {
            settings = Settings.from(configuration(args, System.getenv()));
            server = Server.start(settings, Clock.systemUTC());
        } catch (Settings.InvalidSetting invalid) {
            System.err.println("extaudiences: cannot start: " + invalid.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        LOG.info("external-audiences listening on http://{}:{}{} (store: {})", settings.host(), server.port(),
                "/data/core/ais", describeStore(settings));
        LOG.info("data landing zone: drop CSV files under {}/<org id>/<sandbox name>/",
                settings.landingDirectory().toAbsolutePath());
        settings.connections().forEach(connection -> LOG.info("connection {}: {} read from directory {}",
                connection.id(), connection.cloudType().wireName(), connection.directory().toAbsolutePath()));
        server.access().generated().ifPresent(Main::printGenerated);
    }

    static Map<String, String> configuration(String[] args, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        String file = environment.get(Settings.PREFIX + "CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = args[++i];
            } else if (args[i].startsWith("--config=")) {
                file = args[i].substring("--config=".length());
            } else {
                throw new Settings.InvalidSetting("CONFIG", "unknown argument '" + args[i] + "'; use --config FILE");
            }
        }
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException unreadable) {
                throw new Settings.InvalidSetting("CONFIG", "'" + file + "' cannot be read");
            }
            properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        }
        environment.forEach((name, value) -> {
            if (name.startsWith(Settings.PREFIX)) {
                values.put(name, value);
            }
        });
        return values;
    }

    private static String describeStore(Settings settings) {
        if (settings.store() == Settings.StoreKind.MEMORY) {
            return "memory";
        }
        return settings.databaseUrl().isPresent() ? "database " + settings.databaseUrl().get().replaceAll("password=[^&;]*", "password=***")
                : "embedded H2 under " + settings.dataDirectory().toAbsolutePath();
    }

    private static void printGenerated(StaticCredentials generated) {
        String token = generated.tokens().get(0).secret();
        String apiKey = generated.apiKeys().iterator().next();
        System.out.println();
        System.out.println("No credentials were configured, so these were generated for this run (any org, user local-user):");
        System.out.println("  export EA_TOKEN=" + token);
        System.out.println("  export EA_API_KEY=" + apiKey);
        System.out.println("Set EXTAUDIENCES_AUTH_TOKENS and EXTAUDIENCES_API_KEYS (or a JWT key) to choose your own.");
        System.out.println();
    }
}
