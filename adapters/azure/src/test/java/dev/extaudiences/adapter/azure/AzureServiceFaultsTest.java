package dev.extaudiences.adapter.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the emulator cannot be made to do: throttle, fail, fall silent, or send a body that stops. A small HTTP server
 * on loopback answers as the service would in those cases, and the storage's retries, timeouts and wording are seen
 * against it: a few quick tries, failures in seconds, never a hang.
 */
class AzureServiceFaultsTest {

    /** One second to connect and for each answer; three tries, 50 ms then 150 ms apart. */
    private static final AzureLimits QUICK = new AzureLimits(5, Duration.ofSeconds(1), Duration.ofSeconds(1), 3,
            Duration.ofMillis(50), Duration.ofMillis(200));

    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() {
        released.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    /** The service at a loopback server that answers every request with {@code answer}. */
    private AzureBlobStorage answering(Answer answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                answer.answer(exchange);
            }
        });
        server.start();
        return storageAt(server.getAddress().getPort());
    }

    private static AzureBlobStorage storageAt(int port) {
        return AzureBlobStorage.of(new AzureConnection(Azurite.ACCOUNT, "audiences", "crm", Optional.of(
                URI.create(Azurite.accountUrl(port))), new AzureCredentials.AccountKey(Azurite.KEY)), QUICK);
    }

    private static Answer error(int status, String code) {
        return exchange -> {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>"
                    + "as the service says it</Message></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("x-ms-error-code", code);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        };
    }

    private String where() {
        return "Azure Blob container http://127.0.0.1:" + server.getAddress().getPort()
                + "/devstoreaccount1/audiences under prefix 'crm/'";
    }

    @Test
    void throttlingIsTriedThreeTimesThenNamedWithItsCode() throws Exception {
        try (AzureBlobStorage storage = answering(error(503, "ServerBusy"))) {
            SourceException throttled = catchThrowableOfType(SourceException.class, () -> storage.folder("gold"));

            assertThat(requests).hasValue(3);
            assertThat(throttled.kind()).isEqualTo(SourceException.Kind.STORAGE_FAILURE);
            assertThat(throttled.getMessage()).isEqualTo(where() + ": listing 'gold' failed: the service is "
                    + "throttling, still after 3 tries (503 ServerBusy)");
        }
    }

    @Test
    void aFailingServiceIsTriedThreeTimesThenNamedWithItsCode() throws Exception {
        try (AzureBlobStorage storage = answering(error(500, "InternalError"))) {
            SourceException failed = catchThrowableOfType(SourceException.class, () -> storage.folder("gold"));

            assertThat(requests).hasValue(3);
            assertThat(failed.getMessage()).isEqualTo(where() + ": listing 'gold' failed: the service failed, still "
                    + "after 3 tries (500 InternalError)");
        }
    }

    @Test
    void anEndpointThatAcceptsButNeverAnswersFailsInSeconds() throws Exception {
        // connections are accepted by the kernel into the backlog, and nothing ever reads them
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             AzureBlobStorage storage = storageAt(silent.getLocalPort())) {
            Instant start = Instant.now();
            SourceException unanswered = catchThrowableOfType(SourceException.class,
                    () -> storage.file("gold/members.csv"));

            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
            assertThat(unanswered.getMessage()).isEqualTo("Azure Blob container http://127.0.0.1:"
                    + silent.getLocalPort() + "/devstoreaccount1/audiences under prefix 'crm/': describing "
                    + "'gold/members.csv' failed: the endpoint did not answer in time, still after 3 tries "
                    + "(HttpTimeoutException: request timed out)");
        }
    }

    private static SourceFile listed() {
        return new SourceFile("gold/members.csv", Instant.now(), 1000, Optional.of("\"0x8DC0\""));
    }

    private static void blobHeaders(HttpExchange exchange) {
        exchange.getResponseHeaders().set("ETag", "\"0x8DC0\"");
        exchange.getResponseHeaders().set("x-ms-blob-type", "BlockBlob");
        exchange.getResponseHeaders().set("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT");
    }

    @Test
    void aBodyThatStopsComingFailsTheReadAfterTheReadTimeout() throws Exception {
        try (AzureBlobStorage storage = answering(exchange -> {
            blobHeaders(exchange);
            exchange.sendResponseHeaders(200, 1000);
            OutputStream body = exchange.getResponseBody();
            body.write(new byte[100]);
            body.flush();
            try {
                released.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        })) {
            InputStream in = storage.open(listed(), 0);
            byte[] head = in.readNBytes(100);
            Instant start = Instant.now();
            IOException stalled = catchThrowableOfType(IOException.class, in::read);

            assertThat(head).hasSize(100);
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
            assertThat(stalled).hasMessage(where() + ": the read of 'gold/members.csv' failed after byte 100: no "
                    + "bytes came for 1.0 s");
            in.close();
        }
    }

    @Test
    void aBodyWhoseConnectionClosesBeforeItsLengthIsAFailedReadNotAnEnd() throws Exception {
        try (AzureBlobStorage storage = answering(exchange -> {
            blobHeaders(exchange);
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[100]);
            exchange.getResponseBody().flush();
            exchange.getHttpContext().getServer().stop(0); // an orderly close of the connection, 900 bytes early
        })) {
            InputStream in = storage.open(listed(), 0);
            long[] received = {0};
            IOException cut = catchThrowableOfType(IOException.class, () -> {
                byte[] buffer = new byte[64];
                for (int read; (read = in.read(buffer)) != -1; ) {
                    received[0] += read;
                }
            });

            // the bytes before the failure may be dropped with it (never handed out): the read resumes from there
            assertThat(received[0]).isLessThanOrEqualTo(100);
            assertThat(cut).hasMessageStartingWith(where() + ": the read of 'gold/members.csv' failed after byte "
                    + received[0] + ": IOException: ");
        }
    }
}
