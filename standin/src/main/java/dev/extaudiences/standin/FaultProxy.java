package dev.extaudiences.standin;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * What a test's client talks to: a forwarding proxy on its own free port, in front of the in-process server, that
 * answers a {@link Fault} instead for the next calls of a route when a test asked for it. It is built on the JDK's
 * own HTTP server and client, so it adds no dependency; it forwards method, path, query, headers and body as they
 * came (but the hop-by-hop headers), and the answer as it was given.
 */
final class FaultProxy implements AutoCloseable {

    static final String API_BASE = "/data/core/ais";

    /** Headers of one connection, never forwarded (and the ones the JDK client sets itself). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "expect");

    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;
    private final URI target;
    private final List<Armed> armed = new ArrayList<>();

    private FaultProxy(HttpServer server, ExecutorService threads, URI target) {
        this.server = server;
        this.threads = threads;
        this.target = target;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A proxy on a free port of the loopback interface, forwarding to {@code target} (scheme, host and port). */
    static FaultProxy start(URI target) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "standin-proxy");
                thread.setDaemon(true);
                return thread;
            });
            FaultProxy proxy = new FaultProxy(server, threads, target);
            server.createContext("/", proxy::handle);
            server.setExecutor(threads);
            server.start();
            return proxy;
        } catch (IOException failed) {
            throw new IllegalStateException("the stand-in's proxy could not listen on the loopback interface", failed);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The next {@code times} calls of {@code method} on {@code path} (under the API base; {@code *}: one segment). */
    synchronized void failNext(String method, String path, int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        armed.add(new Armed(method.toUpperCase(Locale.ROOT), pattern(path), times, fault));
    }

    synchronized void clearFaults() {
        armed.clear();
    }

    /** Takes one injected answer for this call, if one is armed for its route. */
    private synchronized Fault take(String method, String path) {
        String relative = path.startsWith(API_BASE) ? path.substring(API_BASE.length()) : path;
        String trimmed = relative.length() > 1 && relative.endsWith("/")
                ? relative.substring(0, relative.length() - 1) : relative;
        for (int i = 0; i < armed.size(); i++) {
            Armed candidate = armed.get(i);
            if (candidate.method.equals(method) && candidate.path.matcher(trimmed).matches()) {
                if (candidate.remaining == 1) {
                    armed.remove(i);
                } else {
                    armed.set(i, new Armed(candidate.method, candidate.path, candidate.remaining - 1, candidate.fault));
                }
                return candidate.fault;
            }
        }
        return null;
    }

    private static Pattern pattern(String path) {
        String relative = path.startsWith(API_BASE) ? path.substring(API_BASE.length()) : path;
        if (!relative.startsWith("/")) {
            relative = "/" + relative;
        }
        if (relative.length() > 1 && relative.endsWith("/")) {
            relative = relative.substring(0, relative.length() - 1);
        }
        List<String> quoted = new ArrayList<>();
        for (String part : relative.split("\\*", -1)) {
            quoted.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join("[^/]+", quoted));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            Fault fault = take(method, exchange.getRequestURI().getRawPath());
            byte[] body = readAll(exchange.getRequestBody());
            if (fault != null) {
                answer(exchange, method, fault);
                return;
            }
            forward(exchange, method, body);
        }
    }

    private void answer(HttpExchange exchange, String method, Fault fault) throws IOException {
        String requestId = "standin-" + UUID.randomUUID();
        byte[] reply = ("{\"status\":" + fault.status + ",\"title\":\"" + fault.title + "\",\"errorCode\":\""
                + fault.errorCode + "\",\"detail\":\"" + fault.detail + "\",\"requestId\":\"" + requestId + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-request-id", requestId);
        send(exchange, method, fault.status, reply);
    }

    private void forward(HttpExchange exchange, String method, byte[] body) throws IOException {
        URI incoming = exchange.getRequestURI();
        String pathAndQuery = incoming.getRawPath() + (incoming.getRawQuery() == null ? "" : "?" + incoming.getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        Headers headers = exchange.getRequestHeaders();
        headers.forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            answer(exchange, method, Fault.BAD_GATEWAY);
            return;
        } catch (IOException unreachable) {
            answer(exchange, method, Fault.BAD_GATEWAY);
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, new ArrayList<>(values));
            }
        });
        send(exchange, method, response.statusCode(), response.body());
    }

    private static void send(HttpExchange exchange, String method, int status, byte[] body) throws IOException {
        boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || body.length == 0;
        if (method.equals("HEAD")) {
            // what GET would answer, without the body: keep the length the server gave
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private record Armed(String method, Pattern path, int remaining, Fault fault) {
    }
}
