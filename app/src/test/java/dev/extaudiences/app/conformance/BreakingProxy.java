package dev.extaudiences.app.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A deliberately broken implementation: our server behind a proxy that bends one thing of the contract, to prove that
 * the conformance rule guarding it fails. Each kind of breakage rewrites a request or a response.
 */
final class BreakingProxy implements AutoCloseable {

    /** How one exchange is bent: the request (method, path with query, headers, body) and the response. */
    interface Breakage {
        default Request request(Request request) {
            return request;
        }

        default Response response(Request request, Response response) {
            return response;
        }

        static Breakage ofRequests(UnaryOperator<Request> bend) {
            return new Breakage() {
                @Override
                public Request request(Request request) {
                    return bend.apply(request);
                }
            };
        }

        /** Bends responses, knowing the request each answers. */
        static Breakage ofResponses(BiFunction<Request, Response, Response> bend) {
            return new Breakage() {
                @Override
                public Response response(Request request, Response response) {
                    return bend.apply(request, response);
                }
            };
        }
    }

    record Request(String method, String pathAndQuery, List<String[]> headers, String body) {
        Request withPath(String path) {
            return new Request(method, path, headers, body);
        }

        Request withMethod(String replaced) {
            return new Request(replaced, pathAndQuery, headers, body);
        }

        Request withBody(String replaced) {
            return new Request(method, pathAndQuery, headers, replaced);
        }

        Request withHeader(String name, UnaryOperator<String> value) {
            return new Request(method, pathAndQuery, headers.stream()
                    .map(h -> h[0].equalsIgnoreCase(name) ? new String[] {h[0], value.apply(h[1])} : h).toList(), body);
        }
    }

    record Response(int status, String contentType, String body) {
        Response withStatus(int replaced) {
            return new Response(replaced, contentType, body);
        }

        Response withBody(String replaced) {
            return new Response(status, contentType, replaced);
        }
    }

    static {
        // The JDK's server writes an answer's head and body as two small packets; with Nagle's algorithm on, the body
        // waits for the client's delayed acknowledgement of the head, some 40 ms an exchange, which made a rule of a
        // hundred polled runs ten times slower through the proxy than without it. Read once, when the first server of
        // the JVM is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "upgrade",
            "expect", "transfer-encoding");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    BreakingProxy(String upstream, Breakage breakage) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> forward(exchange, upstream, breakage));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange, String upstream, Breakage breakage) throws IOException {
        try (exchange) {
            List<String[]> headers = exchange.getRequestHeaders().entrySet().stream()
                    .filter(e -> !NOT_FORWARDED.contains(e.getKey().toLowerCase()))
                    .flatMap(e -> e.getValue().stream().map(v -> new String[] {e.getKey(), v})).toList();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = breakage.request(new Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(), headers, body));
            HttpRequest.Builder outgoing = HttpRequest.newBuilder(URI.create(upstream + request.pathAndQuery()))
                    .method(request.method(), request.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(request.body()));
            request.headers().forEach(h -> outgoing.header(h[0], h[1]));
            HttpResponse<String> answer = client.send(outgoing.build(), HttpResponse.BodyHandlers.ofString());
            Response response = breakage.response(request, new Response(answer.statusCode(),
                    answer.headers().firstValue("Content-Type").orElse("application/json"), answer.body()));
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), response.status() == 204 ? -1 : bytes.length);
            if (response.status() != 204) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
