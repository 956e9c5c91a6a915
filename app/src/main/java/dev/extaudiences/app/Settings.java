package dev.extaudiences.app;

import dev.extaudiences.adapter.jdbi.JdbiTimeouts;
import dev.extaudiences.adapter.jdbi.JdbiDatabase;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.upload.UploadLimit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything the server can be told, read from one map of names to values (environment variables, or a properties
 * file with the same names in lower case and dots: {@code EXTAUDIENCES_DATABASE_URL} is {@code database.url}). A
 * value that cannot be read stops the start with a message naming it.
 */
public record Settings(StoreKind store, Path dataDirectory, Optional<String> databaseUrl, String databaseUser,
                       String databasePassword, int databasePoolSize, Duration databaseTimeout,
                       Duration databaseBulkTimeout, RunGuardrails guardrails, String host, int port,
                       long maxBodyBytes, long maxUploadBytes, Optional<String> authTokens, Optional<String> apiKeys,
                       Optional<String> jwtHmacSecret, Optional<Path> jwtPublicKeyFile, String jwtOrgClaim,
                       List<ConnectionSetting> connections, int runWorkers, Duration runPollInterval,
                       Duration runLease, Duration sweepInterval, Duration idempotencyWindow, LogLevel logLevel,
                       IdentitySettings identities, WebhookSettings webhooks) {

    /** Where the stores keep their state. */
    public enum StoreKind {
        /** Nothing survives a restart: for tests and throwaway stand-ins. */
        MEMORY,
        /** A relational database: embedded H2 under the data directory unless a database URL is given. */
        DATABASE
    }

    /** How much the server logs; anything else is refused, since a misspelt level would silently mean another. */
    public enum LogLevel {
        TRACE, DEBUG, INFO, WARN, ERROR
    }

    public static final String PREFIX = "EXTAUDIENCES_";

    public static Settings defaults() {
        return from(Map.of());
    }

    public static Settings from(Map<String, String> values) {
        return read(new Reader(values, new java.util.HashSet<>()));
    }

    /**
     * The {@code EXTAUDIENCES_*} names among {@code values} that are no setting (a misspelt one is otherwise silently
     * ignored, and its default used instead); {@code EXTAUDIENCES_CONFIG} names the file, and the tests' own
     * {@code EXTAUDIENCES_TEST_*} variables are not the server's to judge.
     */
    public static List<String> unknownNames(Map<String, String> values) {
        Reader reader = new Reader(values, new java.util.HashSet<>());
        read(reader);
        return values.keySet().stream()
                .filter(name -> name.startsWith(PREFIX) && !name.startsWith(PREFIX + "TEST_"))
                .filter(name -> !name.equals(PREFIX + "CONFIG") && !reader.asked().contains(name.substring(PREFIX.length())))
                .sorted().toList();
    }

    private static Settings read(Reader reader) {
        return new Settings(
                reader.choice("STORE", StoreKind.class, StoreKind.DATABASE),
                Path.of(reader.text("DATA_DIR").orElse("data")),
                reader.text("DATABASE_URL"),
                reader.text("DATABASE_USER").orElse(""),
                reader.text("DATABASE_PASSWORD").orElse(""),
                // two at least: a run's merge holds one for its transaction while its progress is saved on another
                reader.integer("DATABASE_POOL_SIZE", 10, 2, 200),
                Duration.ofSeconds(reader.integer("DATABASE_TIMEOUT_SECONDS", 10, 1, 3_600)),
                Duration.ofSeconds(reader.integer("DATABASE_BULK_TIMEOUT_SECONDS", 900, 1, 86_400)),
                new RunGuardrails(reader.integer("RUNS_PER_AUDIENCE_PER_DAY", RunGuardrails.DEFAULTS.perAudiencePerDay(), 1,
                        1_000_000), reader.integer("RUNS_PER_SANDBOX_PER_DAY", RunGuardrails.DEFAULTS.perSandboxPerDay(),
                        1, 1_000_000)),
                reader.text("HOST").orElse("0.0.0.0"),
                reader.integer("PORT", 8080, 0, 65_535),
                reader.integer("MAX_BODY_BYTES", 1_048_576, 1024, 64 * 1_048_576),
                reader.integer("MAX_UPLOAD_BYTES", (int) UploadLimit.DEFAULT.maxBytes(), 1024, Integer.MAX_VALUE),
                reader.text("AUTH_TOKENS"),
                reader.text("API_KEYS"),
                reader.text("JWT_HMAC_SECRET"),
                reader.text("JWT_PUBLIC_KEY_FILE").map(Path::of),
                reader.text("JWT_ORG_CLAIM").orElse("org"),
                ConnectionSettings.parse(reader.text("CONNECTIONS").orElse("")),
                reader.integer("RUN_WORKERS", 2, 0, 64),
                Duration.ofMillis(reader.integer("RUN_POLL_MILLIS", 1_000, 10, 3_600_000)),
                Duration.ofSeconds(reader.integer("RUN_LEASE_SECONDS", 120, 5, 86_400)),
                Duration.ofSeconds(reader.integer("SWEEP_INTERVAL_SECONDS", 600, 1, 604_800)),
                Duration.ofHours(reader.integer("IDEMPOTENCY_WINDOW_HOURS", 24, 1, 720)),
                reader.choice("LOG_LEVEL", LogLevel.class, LogLevel.INFO),
                IdentitySettings.parse(reader.text(IdentitySettings.RULES), reader.text(IdentitySettings.REGION)),
                new WebhookSettings(Duration.ofMillis(reader.integer("WEBHOOK_CONNECT_TIMEOUT_MILLIS", 2_000, 100, 60_000)),
                        Duration.ofMillis(reader.integer("WEBHOOK_TIMEOUT_MILLIS", 5_000, 100, 120_000)),
                        reader.integer("WEBHOOK_SENDERS", 4, 1, 64)));
    }

    /**
     * How webhook deliveries are sent: a connection's and a whole exchange's timeouts (short, so that a receiver that
     * hangs holds a sender thread briefly), and how many are sent at a time.
     */
    public record WebhookSettings(Duration connectTimeout, Duration exchangeTimeout, int senders) {

        /** A claim on a delivery outlasts any exchange by far: it lapses only when its node stopped. */
        public Duration lease() {
            Duration exchange = connectTimeout.plus(exchangeTimeout);
            return exchange.multipliedBy(4).compareTo(Duration.ofMinutes(1)) > 0 ? exchange.multipliedBy(4)
                    : Duration.ofMinutes(1);
        }
    }

    /** The database waits: a call's and a bulk statement's as set, the health check's at most 2 s (never longer). */
    public JdbiTimeouts databaseTimeouts() {
        Duration health = databaseTimeout.compareTo(Duration.ofSeconds(2)) < 0 ? databaseTimeout : Duration.ofSeconds(2);
        return new JdbiTimeouts(databaseTimeout, databaseBulkTimeout, health);
    }

    /** Where users drop the files of data landing zone audiences: {@code DATA_DIR/landing/<org>/<sandbox>/}. */
    public Path landingDirectory() {
        return dataDirectory.resolve("landing");
    }

    /** The same settings listening on another port (0 picks a free one): for tests and side-by-side servers. */
    public Settings withPort(int otherPort) {
        return new Settings(store, dataDirectory, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                databaseTimeout, databaseBulkTimeout,
                guardrails, host, otherPort, maxBodyBytes, maxUploadBytes, authTokens, apiKeys, jwtHmacSecret,
                jwtPublicKeyFile, jwtOrgClaim, connections, runWorkers, runPollInterval, runLease, sweepInterval,
                idempotencyWindow, logLevel, identities, webhooks);
    }

    /** The most bytes one upload into the landing zone may hold. */
    public UploadLimit uploadLimit() {
        return new UploadLimit(maxUploadBytes);
    }

    /** The JDBC URL the database store opens: the configured one, or an H2 file under the data directory. */
    public String effectiveDatabaseUrl() {
        return databaseUrl.orElseGet(() -> JdbiDatabase.h2Url(dataDirectory.resolve("db")));
    }

    /** The JDBC URL as it may be shown: a password written into it is masked. */
    public String shownDatabaseUrl() {
        return withoutSecrets(effectiveDatabaseUrl());
    }

    private static final java.util.regex.Pattern USER_INFO_PASSWORD =
            java.util.regex.Pattern.compile("//[^/:@\\s]+:([^@/\\s]+)@");

    /**
     * {@code text} (a URL, a driver's message) with every database password masked: the configured one, one written
     * as the URL's user information ({@code //user:password@host}, which a driver may quote without its {@code //}),
     * and any {@code password=} parameter.
     */
    public String withoutSecrets(String text) {
        String shown = databasePassword.isEmpty() ? text : text.replace(databasePassword, "***");
        java.util.regex.Matcher userInfo = USER_INFO_PASSWORD.matcher(effectiveDatabaseUrl());
        while (userInfo.find()) {
            shown = shown.replace(userInfo.group(1), "***");
        }
        return shown.replaceAll("(?i)password=[^&;\\s]*", "password=***");
    }

    /** A setting that could not be read; the message names it as the user wrote it. */
    public static final class InvalidSetting extends IllegalArgumentException {
        InvalidSetting(String name, String problem) {
            super(PREFIX + name + ": " + problem);
        }
    }

    private record Reader(Map<String, String> values, java.util.Set<String> asked) {

        Optional<String> text(String name) {
            asked.add(name);
            String value = values.get(PREFIX + name);
            if (value == null) {
                value = values.get(name.toLowerCase(Locale.ROOT).replace('_', '.'));
            }
            return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
        }

        int integer(String name, int fallback, int min, int max) {
            Optional<String> raw = text(name);
            if (raw.isEmpty()) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(raw.get());
                if (value < min || value > max) {
                    throw new InvalidSetting(name, "must be between " + min + " and " + max + ", was " + value);
                }
                return value;
            } catch (NumberFormatException notANumber) {
                throw new InvalidSetting(name, "'" + raw.get() + "' is not a whole number");
            }
        }

        <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
            Optional<String> raw = text(name);
            if (raw.isEmpty()) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, raw.get().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new InvalidSetting(name, "'" + raw.get() + "' is not one of " + Arrays.stream(type.getEnumConstants())
                        .map(constant -> constant.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
            }
        }
    }
}
