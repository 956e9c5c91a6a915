package dev.extaudiences.app.bench;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
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
            for (Answer answer : answers) {
                config.routes.addHttpHandler(answer.method(), answer.path(), ctx -> {
                    if (!answer.method().equals(HandlerType.GET)) {
                        ctx.bodyAsBytes();
                    }
                    ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
                });
            }
        }).start();
    }
}
