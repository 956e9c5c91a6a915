package dev.extaudiences.adapter.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.extaudiences.core.Stores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * One pooled connection to the database behind the stores: embedded H2 in a file by default, PostgreSQL to share one
 * database between several nodes. Opening it migrates the schema (and validates the migrations already applied), so
 * a node never runs against a schema it does not know.
 */
public final class JdbiDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;

    private JdbiDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
        try (Connection connection = dataSource.getConnection()) {
            this.dialect = Dialect.of(connection);
        } catch (SQLException unreachable) {
            throw new IllegalStateException("the database could not be reached", unreachable);
        }
    }

    /** Opens, migrates and validates the database at {@code jdbcUrl}. */
    public static JdbiDatabase open(String jdbcUrl, String user, String password, int maxConnections) {
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
        return new JdbiDatabase(dataSource);
    }

    /** The embedded default: an H2 database kept in files under {@code dataDirectory}. */
    public static JdbiDatabase h2(Path dataDirectory, int maxConnections) {
        return open(h2Url(dataDirectory), "sa", "", maxConnections);
    }

    public static String h2Url(Path dataDirectory) {
        return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("extaudiences")
                + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** The stores over this database. */
    public Stores stores() {
        return new Stores(new JdbiAudiences(jdbi), new JdbiAudienceOperations(jdbi), new JdbiIngestionRuns(jdbi),
                new JdbiMembers(jdbi, dialect));
    }

    /** Whether the database answers a trivial query now: the readiness a health check reports. */
    public boolean isReady() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Closes every pooled connection; an embedded H2 database is closed cleanly with its last connection. */
    @Override
    public void close() {
        dataSource.close();
    }
}
