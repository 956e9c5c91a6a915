package dev.extaudiences.core.port.out;

import dev.extaudiences.core.webhook.AttemptOutcome;
import dev.extaudiences.core.webhook.Delivery;
import dev.extaudiences.core.webhook.Subscription;
import java.time.Instant;

/**
 * Posts one delivery to its subscription's URL, signed with its secret as of {@code at}. Answers what came of it,
 * never throws for what the receiver did, and returns within its own short timeouts whatever the receiver does.
 */
public interface WebhookSender {

    AttemptOutcome send(Subscription to, Delivery delivery, Instant at) throws InterruptedException;
}
