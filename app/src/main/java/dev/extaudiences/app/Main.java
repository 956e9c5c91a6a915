package dev.extaudiences.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
        Optional<Server> server = start(args, System.getenv(), System.out, System.err);
        if (server.isEmpty()) {
            flushLogs();
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.get().close();
            flushLogs();
        }, "shutdown"));
    }

    /**
     * Starts a server as {@code main} does, printing to {@code out} what a user needs; a start that cannot go on
     * prints one line naming why to {@code err} and answers empty.
     */
    static Optional<Server> start(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Settings settings;
        Server server;
        try {
            settings = Settings.from(configuration(args, environment));
            applyLogLevel(settings.logLevel());
            server = CompositionRoot.start(settings, Clock.systemUTC());
        } catch (Settings.InvalidSetting | CannotStart cannotStart) {
            err.println("extaudiences: cannot start: " + cannotStart.getMessage());
            return Optional.empty();
        }
        Settings.unknownNames(environment).forEach(name -> LOG.warn("{} is not a setting of this server: it is ignored "
                + "(README, \"Configure it\", lists them)", name));
        LOG.info("external-audiences listening on http://{}:{}{} (store: {})", settings.host(), server.port(),
                "/data/core/ais", describeStore(settings));
        LOG.info("data landing zone: drop CSV files under {}/<org id>/<sandbox name>/",
                settings.landingDirectory().toAbsolutePath());
        settings.connections().forEach(connection -> LOG.info("connection {}: {}", connection.id(),
                connection.describe()));
        server.access().generated().ifPresent(generated -> printGenerated(generated, out));
        return Optional.of(server);
    }

    /** Lines are written by the log's own thread: what is still queued is written before the process ends. */
    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
    }

    /** The level is a setting like any other (a file may set it), so it is applied here rather than by Logback. */
    private static void applyLogLevel(Settings.LogLevel level) {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.toLevel(level.name()));
        }
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
        return settings.databaseUrl().isPresent() ? "database " + settings.shownDatabaseUrl()
                : "embedded H2 under " + settings.dataDirectory().toAbsolutePath();
    }

    private static void printGenerated(GeneratedCredentials generated, PrintStream out) {
        out.println();
        out.println(generated.file()
                .map(file -> "No credentials are configured: these (any org, user local-user) are kept in "
                        + file.toAbsolutePath() + " and used at every start:")
                .orElse("No credentials were configured, so these were generated for this run (any org, user local-user):"));
        out.println("  export EA_TOKEN=" + generated.token());
        out.println("  export EA_API_KEY=" + generated.apiKey());
        out.println("Set EXTAUDIENCES_AUTH_TOKENS and EXTAUDIENCES_API_KEYS (or a JWT key) to choose your own.");
        out.println();
    }
}
