package dev.extaudiences.adapter.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.extaudiences.core.Stores;
import dev.extaudiences.core.WebhookStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * One pooled connection to the database behind the stores: embedded H2 in a file by default, PostgreSQL to share one
 * database between several nodes. Opening it migrates the schema (and validates the migrations already applied), so
 * a node never runs against a schema it does not know.
 */
public final class JdbiDatabase implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JdbiDatabase.class.getName());

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Jdbi bulkJdbi;
    private final DirectStatements direct;
    private final Dialect dialect;
    private final ReadinessProbe readiness;

    private JdbiDatabase(HikariDataSource dataSource, JdbiTimeouts timeouts) {
        this.dataSource = dataSource;
        ConnectionFactory calls = boundedBy(dataSource, timeouts.call());
        this.jdbi = Jdbi.create(calls).installPlugin(new SqlObjectPlugin());
        this.bulkJdbi = Jdbi.create(boundedBy(dataSource, timeouts.bulk())).installPlugin(new SqlObjectPlugin());
        this.direct = new DirectStatements(calls);
        try (Connection connection = dataSource.getConnection()) {
            this.dialect = Dialect.of(connection);
        } catch (SQLException unreachable) {
            throw new IllegalStateException("the database could not be reached", unreachable);
        }
        this.readiness = new ReadinessProbe(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid((int) Math.max(1, timeouts.health().toSeconds()));
            } catch (SQLException unreachable) {
                return false;
            }
        }, timeouts.health());
    }

    /**
     * Statements on connections whose every read waits at most {@code timeout}: the driver gives up on a database
     * that has stopped answering, the connection is dropped from the pool, and the caller gets a failure it can
     * report (a 502) instead of hanging. The pool restores the timeout when a connection comes back to it.
     */
    private static ConnectionFactory boundedBy(HikariDataSource dataSource, Duration timeout) {
        return () -> {
            Connection connection = dataSource.getConnection();
            try {
                connection.setNetworkTimeout(Runnable::run, (int) timeout.toMillis());
            } catch (SQLFeatureNotSupportedException embedded) {
                // an embedded database has no network to wait on
            } catch (SQLException | RuntimeException failed) {
                connection.close();
                throw failed;
            }
            return connection;
        };
    }

    /** Opens, migrates and validates the database at {@code jdbcUrl}, with the default timeouts. */
    public static JdbiDatabase open(String jdbcUrl, String user, String password, int maxConnections) {
        return open(jdbcUrl, user, password, maxConnections, JdbiTimeouts.DEFAULT);
    }

    /** Opens, migrates and validates the database at {@code jdbcUrl}. */
    public static JdbiDatabase open(String jdbcUrl, String user, String password, int maxConnections,
                                    JdbiTimeouts timeouts) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setPoolName("extaudiences");
        // when the database is gone, a caller learns it (502) within seconds instead of hanging on the pool
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .validateOnMigrate(true)
                    .load()
                    .migrate();
        } catch (RuntimeException migrationFailed) {
            dataSource.close();
            throw migrationFailed;
        }
        return new JdbiDatabase(dataSource, timeouts);
    }

    /** The embedded default: an H2 database kept in files under {@code dataDirectory}. */
    public static JdbiDatabase h2(Path dataDirectory, int maxConnections) {
        return open(h2Url(dataDirectory), "sa", "", maxConnections);
    }

    /**
     * WRITE_DELAY=0: a commit reaches the file before the call returns. H2's default holds commits for up to half a
     * second, so a process killed right after answering (kill -9, an OOM kill) lost what it had acknowledged: a
     * PATCH answered 200, an operation read SUCCESS, then gone after the restart. TRACE_LEVEL_FILE=0: H2 keeps no
     * trace file of its own (failures reach the server's log through the exceptions), so a data directory it cannot
     * write is one line naming the setting rather than H2's stack traces about its trace file.
     */
    public static String h2Url(Path dataDirectory) {
        return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("extaudiences")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;TRACE_LEVEL_FILE=0";
    }

    /** The webhook subscriptions and their outbox over this database. */
    public WebhookStores webhookStores() {
        return new WebhookStores(new JdbiWebhooks(jdbi), new JdbiWebhookDeliveries(jdbi));
    }

    /** The stores over this database. */
    public Stores stores() {
        return stores(MergeChunks.DEFAULT);
    }

    /** The stores over this database, merging in {@code chunks}: a test's small chunks exercise what a big run does. */
    Stores stores(MergeChunks chunks) {
        MergeStrategy strategy = MergeStrategy.of(dialect, chunks);
        return new Stores(new JdbiAudiences(jdbi, direct), new JdbiAudienceOperations(jdbi, direct),
                new JdbiIngestionRuns(jdbi, direct), new JdbiStagedMembers(jdbi, bulkJdbi, strategy),
                new JdbiMembers(jdbi, bulkJdbi, strategy), new JdbiIdempotencyKeys(jdbi));
    }

    /**
     * Whether the database answers now: the readiness a health check reports, within the health timeout whatever
     * the database does (a frozen one is "not ready" once the timeout has passed, not a hung health check).
     */
    public boolean isReady() {
        return readiness.ready();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Closes every pooled connection; an embedded H2 database is closed cleanly with its last connection, then its
     * file is compacted when much of it holds nothing live (see {@link H2FileCompaction}).
     */
    @Override
    public void close() {
        close(H2FileCompaction.MIN_FREE_BYTES);
    }

    /** As {@link #close()}, compacting an H2 file when at least {@code minFreeBytes} of it (and half) is free. */
    void close(long minFreeBytes) {
        readiness.close();
        dataSource.close();
        if (dialect == Dialect.H2 && !dataSource.getJdbcUrl().startsWith("jdbc:h2:mem:")) {
            compactIfWorthIt(minFreeBytes);
        }
    }

    /**
     * On a connection of its own, opened once every pooled one is closed: a thread interrupted while it read (a run
     * worker stopped in the middle of a poll) closes H2's file under the pool's connections, and only a new
     * connection opens the database again.
     */
    private void compactIfWorthIt(long minFreeBytes) {
        try (Connection connection = DriverManager.getConnection(dataSource.getJdbcUrl(), dataSource.getUsername(),
                dataSource.getPassword())) {
            Optional<H2FileCompaction.FileUse> use = H2FileCompaction.measure(connection);
            if (use.isEmpty() || !use.get().worthCompacting(minFreeBytes)) {
                return;
            }
            LOG.log(System.Logger.Level.INFO, "compacting the database file: {0} MiB, about {1} MiB of it free",
                    use.get().fileBytes() >> 20, use.get().freeBytes() >> 20);
            long started = System.nanoTime();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN COMPACT");
            }
            LOG.log(System.Logger.Level.INFO, "the database file is compacted, in {0} ms",
                    (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException | RuntimeException failed) {
            // an uncompacted file is only larger: it was closed cleanly with the pool
            LOG.log(System.Logger.Level.WARNING, "the database file could not be compacted", failed);
        }
    }
}
