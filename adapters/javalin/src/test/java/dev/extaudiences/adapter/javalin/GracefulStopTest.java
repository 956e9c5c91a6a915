package dev.extaudiences.adapter.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.extaudiences.core.access.AccessVerdict;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.ResourceKind;
import dev.extaudiences.core.port.in.GetOperationUseCase;
import dev.extaudiences.core.tenant.UserId;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Stopping the server (what SIGTERM does) lets the requests in flight finish before it returns. */
class GracefulStopTest {

    @Test
    @DisplayName("a request being handled when the server stops is answered in full; stop returns after it")
    void inFlightRequestFinishes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GetOperationUseCase slow = (scope, id) -> {
            entered.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw DomainException.notFound(ResourceKind.OPERATION, id.value());
        };
        Javalin server = JavalinApi.create(
                TestUseCases.withOperations(slow),
                request -> new AccessVerdict.Granted(new UserId("tester")),
                new HttpSettings("127.0.0.1", 0, 1_048_576, () -> true)).start();
        int port = server.port();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + JavalinApi.BASE + "/external-audiences/operations/op-1"))
                .header("Authorization", "Bearer t").header("x-api-key", "k")
                .header("x-gw-ims-org-id", "1@AdobeOrg").header("x-sandbox-name", "prod")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the request reached its use case").isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
        await("stop waits for the request in flight").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> !stopping.isDone());
        release.countDown();

        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"errorCode\":\"100940-404\"");
        stopping.get(10, TimeUnit.SECONDS);
        assertThat(catchThrowable(() -> client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString())))
                .as("a stopped server takes no new request").isNotNull();
    }
}
