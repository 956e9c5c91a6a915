package dev.extaudiences.app.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The load benchmark's baseline: Javalin 7 on Jetty 12 as the server configures them (same request size limit,
 * trailing slashes, graceful handler), with one handler per route under test answering the bytes the real server
 * answered for it, captured from it, with its status and Content-Type; a write's body is read, as the real one is.
 * No authentication, no store, no JSON written: what a request costs here is the least any handler on this stack
 * can cost. Started by {@link LoadBenchmark} as its own process, on the app jar's class path.
 *
 * <p>With {@code --jdbc URL --user U --password P} it is the floor of a server that keeps its state in that
 * database: each read's answer is stored as one row of its own table, and every GET reads its row by primary key
 * (one prepared statement on a HikariCP pool of the server's default size, in auto-commit) before answering the
 * bytes. That is the least any handler asking the database once per request can cost; a page of 20 runs is one row
 * here, so the floor is, if anything, too low for it.
 *
 * <p>Arguments: {@code --port N --answers FILE}, where each line of FILE is {@code METHOD TAB path TAB status TAB
 * content-type TAB body file} (paths as Javalin's, {@code {id}} for a path parameter).
 */
public final class BareJsonServer {

    private record Answer(HandlerType method, String path, int status, String contentType, byte[] body) {
    }

    private BareJsonServer() {
    }

    public static void main(String[] args) throws Exception {
        var options = IngestionBenchmark.options(args);
        int port = Integer.parseInt(options.get("port"));
        List<Answer> answers = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(options.get("answers")))) {
            String[] parts = line.split("\t");
            answers.add(new Answer(HandlerType.findOrCreate(parts[0]), parts[1], Integer.parseInt(parts[2]), parts[3],
                    Files.readAllBytes(Path.of(parts[4]))));
        }
        HikariDataSource database = options.containsKey("jdbc") ? stored(options, answers) : null;
        Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = port;
            config.http.maxRequestSize = 1_048_576;
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            config.jetty.modifyServer(server -> {
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(10_000);
            });
            config.routes.get("/health", ctx -> ctx.result("{\"status\":\"UP\"}\n"));
            for (int i = 0; i < answers.size(); i++) {
                Answer answer = answers.get(i);
                int row = i;
                config.routes.addHttpHandler(answer.method(), answer.path(), ctx -> {
                    byte[] body = answer.body();
                    if (!answer.method().equals(HandlerType.GET)) {
                        ctx.bodyAsBytes();
                    } else if (database != null) {
                        body = read(database, row);
                    }
                    ctx.status(answer.status()).contentType(answer.contentType()).result(body);
                });
            }
        }).start();
    }

    private static HikariDataSource stored(java.util.Map<String, String> options, List<Answer> answers)
            throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(options.get("jdbc"));
        config.setUsername(options.get("user"));
        config.setPassword(options.get("password"));
        config.setMaximumPoolSize(10);
        HikariDataSource database = new HikariDataSource(config);
        try (Connection connection = database.getConnection()) {
            connection.createStatement().execute("DROP TABLE IF EXISTS bare_answers");
            connection.createStatement().execute("CREATE TABLE bare_answers (id INT PRIMARY KEY, body BYTEA NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bare_answers VALUES (?, ?)")) {
                for (int i = 0; i < answers.size(); i++) {
                    insert.setInt(1, i);
                    insert.setBytes(2, answers.get(i).body());
                    insert.executeUpdate();
                }
            }
        }
        return database;
    }

    private static byte[] read(HikariDataSource database, int row) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT body FROM bare_answers WHERE id = ?")) {
            select.setInt(1, row);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getBytes(1);
            }
        }
    }
}
