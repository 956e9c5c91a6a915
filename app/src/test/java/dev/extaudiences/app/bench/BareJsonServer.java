package dev.extaudiences.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * bytes. That is the least any handler asking the database once per request can cost. A page (an answer holding a
 * {@code runs} array) is stored as one row per run, each the run's answer as bytes, and read as a store reads a page:
 * one statement for the page's rows in their order, with the total counted in the same statement (a window count),
 * the bytes joined between the page's head and tail. It decodes nothing and writes no JSON: the least a server that
 * keeps each run in a row of its own can cost for a page of them.
 *
 * <p>Arguments: {@code --port N --answers FILE}, where each line of FILE is {@code METHOD TAB path TAB status TAB
 * content-type TAB body file} (paths as Javalin's, {@code {id}} for a path parameter).
 */
public final class BareJsonServer {

    private record Answer(HandlerType method, String path, int status, String contentType, byte[] body) {
    }

    /** An answer that is a page of runs: what comes before its runs, and after them. */
    private record Page(byte[] head, byte[] tail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

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
        Map<Integer, Page> pages = new HashMap<>();
        HikariDataSource database = options.containsKey("jdbc") ? stored(options, answers, pages) : null;
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
                        body = pages.containsKey(row) ? page(database, row, pages.get(row)) : read(database, row);
                    }
                    ctx.status(answer.status()).contentType(answer.contentType()).result(body);
                });
            }
        }).start();
    }

    private static HikariDataSource stored(Map<String, String> options, List<Answer> answers, Map<Integer, Page> pages)
            throws SQLException, IOException {
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
            connection.createStatement().execute("DROP TABLE IF EXISTS bare_page_rows");
            connection.createStatement().execute("CREATE TABLE bare_page_rows (answer INT, position INT,"
                    + " body BYTEA NOT NULL, PRIMARY KEY (answer, position))");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO bare_page_rows VALUES (?, ?, ?)")) {
                for (int i = 0; i < answers.size(); i++) {
                    Optional<Page> page = pageOf(answers.get(i), i, insert);
                    if (page.isPresent()) {
                        pages.put(i, page.get());
                    }
                }
            }
        }
        return database;
    }

    /** Stores each run of a page as its own row; the page's head and tail around them, or empty for another answer. */
    private static Optional<Page> pageOf(Answer answer, int id, PreparedStatement insert) throws SQLException,
            IOException {
        if (!answer.method().equals(HandlerType.GET)) {
            return Optional.empty();
        }
        JsonNode body = JSON.readTree(answer.body());
        if (!body.isObject() || !body.path("runs").isArray() || body.get("runs").isEmpty()) {
            return Optional.empty();
        }
        List<byte[]> rows = new ArrayList<>();
        for (JsonNode run : body.get("runs")) {
            rows.add(JSON.writeValueAsBytes(run));
        }
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        String first = new String(rows.get(0), StandardCharsets.UTF_8);
        String last = new String(rows.get(rows.size() - 1), StandardCharsets.UTF_8);
        int start = text.indexOf(first);
        int end = text.lastIndexOf(last) + last.length();
        if (start < 0 || end < start) {
            throw new IllegalStateException("a page's runs are not found in its answer as they are written again");
        }
        Page page = new Page(text.substring(0, start).getBytes(StandardCharsets.UTF_8),
                text.substring(end).getBytes(StandardCharsets.UTF_8));
        if (!Arrays.equals(join(page, rows), answer.body())) {
            throw new IllegalStateException("a page's runs, stored a row each, do not make its answer again");
        }
        for (int position = 0; position < rows.size(); position++) {
            insert.setInt(1, id);
            insert.setInt(2, position);
            insert.setBytes(3, rows.get(position));
            insert.executeUpdate();
        }
        return Optional.of(page);
    }

    private static byte[] page(HikariDataSource database, int id, Page page) throws SQLException, IOException {
        List<byte[]> rows = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT body, COUNT(*) OVER () FROM bare_page_rows"
                     + " WHERE answer = ? ORDER BY position LIMIT 20")) {
            select.setInt(1, id);
            try (ResultSet read = select.executeQuery()) {
                while (read.next()) {
                    rows.add(read.getBytes(1));
                }
            }
        }
        return join(page, rows);
    }

    private static byte[] join(Page page, List<byte[]> rows) throws IOException {
        ByteArrayOutputStream joined = new ByteArrayOutputStream(page.head().length + page.tail().length
                + rows.size() * 1024);
        joined.write(page.head());
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                joined.write(',');
            }
            joined.write(rows.get(i));
        }
        joined.write(page.tail());
        return joined.toByteArray();
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
