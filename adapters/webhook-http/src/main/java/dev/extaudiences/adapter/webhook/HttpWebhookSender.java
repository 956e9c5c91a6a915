package dev.extaudiences.adapter.webhook;

import dev.extaudiences.core.port.out.WebhookSender;
import dev.extaudiences.core.webhook.AttemptOutcome;
import dev.extaudiences.core.webhook.Delivery;
import dev.extaudiences.core.webhook.Subscription;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts deliveries with the JDK's HTTP client: a short connect timeout and a cap on the whole exchange (the answer's
 * headers and its body), no redirects followed (a 3xx is a refusal: a receiver moved is told, not chased), and every
 * failure answered as an outcome, never thrown.
 */
public final class HttpWebhookSender implements WebhookSender {

    public static final String EVENT_ID = "X-ExtAudiences-Event-Id";
    public static final String EVENT_TYPE = "X-ExtAudiences-Event-Type";
    public static final String DELIVERY_ID = "X-ExtAudiences-Delivery-Id";

    private final HttpClient client;
    private final Duration exchangeTimeout;

    /**
     * @param connectTimeout  how long a connection may take to open
     * @param exchangeTimeout how long the whole exchange may take once sent (the answer's headers and body)
     */
    public HttpWebhookSender(Duration connectTimeout, Duration exchangeTimeout) {
        this.exchangeTimeout = Objects.requireNonNull(exchangeTimeout, "exchangeTimeout");
        this.client = HttpClient.newBuilder()
                .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public AttemptOutcome send(Subscription to, Delivery delivery, Instant at) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(to.url().uri())
                .timeout(exchangeTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "extaudiences-webhooks/1")
                .header(EVENT_ID, delivery.eventId().value())
                .header(EVENT_TYPE, JsonWebhookBodies.typeName(delivery.eventType()))
                .header(DELIVERY_ID, delivery.id().value())
                .header(WebhookSignature.HEADER, WebhookSignature.header(to.secret(), at, delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                .build();
        CompletableFuture<HttpResponse<Void>> exchange = client.sendAsync(request,
                HttpResponse.BodyHandlers.discarding());
        try {
            // the request timeout ends at the answer's headers: this also bounds a body that never ends
            int status = exchange.get(exchangeTimeout.toMillis() + 500, TimeUnit.MILLISECONDS).statusCode();
            if (status >= 200 && status <= 299) {
                return new AttemptOutcome.Acknowledged(status);
            }
            return status >= 100 && status <= 599 ? new AttemptOutcome.Refused(status)
                    : new AttemptOutcome.Unreachable("answered with the invalid status " + status);
        } catch (TimeoutException slow) {
            return new AttemptOutcome.Unreachable("no answer within " + seconds(exchangeTimeout));
        } catch (ExecutionException failed) {
            return unreachable(failed.getCause());
        } catch (InterruptedException stopping) {
            exchange.cancel(true);
            throw stopping;
        } finally {
            exchange.cancel(true);
        }
    }

    private AttemptOutcome unreachable(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new AttemptOutcome.Unreachable("the connection timed out");
        }
        if (cause instanceof HttpTimeoutException) {
            return new AttemptOutcome.Unreachable("no answer within " + seconds(exchangeTimeout));
        }
        if (cause instanceof ConnectException) {
            return new AttemptOutcome.Unreachable("the connection was refused");
        }
        if (cause instanceof IOException) {
            return new AttemptOutcome.Unreachable("the exchange failed: " + (cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getMessage()));
        }
        return new AttemptOutcome.Unreachable("the exchange failed: " + cause.getClass().getSimpleName());
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
