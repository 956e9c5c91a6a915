package dev.extaudiences.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver started by the test: it records every request in arrival order and answers as it is told to
 * (acknowledge, fail with 500, or hang until released, then drop the connection without an answer).
 */
final class WebhookReceiver implements AutoCloseable {

    enum Mode { ACKNOWLEDGE, FAIL, HANG }

    record Received(String body, String signature, String eventId, String eventType) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.ACKNOWLEDGE;
    private volatile CountDownLatch hanging = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException unavailable) {
            throw new UncheckedIOException(unavailable);
        }
        server.setExecutor(threads);
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void answer(Mode next) {
        if (next == Mode.HANG) {
            hanging = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }
        mode = next;
    }

    /** Waits until a request is hanging here, unanswered. */
    void awaitHanging() throws InterruptedException {
        hanging.await();
    }

    /** Lets the hanging request go: its connection is dropped without an answer. */
    void release() {
        release.countDown();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(body, exchange.getRequestHeaders().getFirst("X-ExtAudiences-Signature"),
                exchange.getRequestHeaders().getFirst("X-ExtAudiences-Event-Id"),
                exchange.getRequestHeaders().getFirst("X-ExtAudiences-Event-Type")));
        Mode now = mode;
        if (now == Mode.HANG) {
            hanging.countDown();
            try {
                release.await();
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(now == Mode.FAIL ? 500 : 200, -1);
        exchange.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
