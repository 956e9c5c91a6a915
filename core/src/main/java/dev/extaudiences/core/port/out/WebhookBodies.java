package dev.extaudiences.core.port.out;

import dev.extaudiences.core.webhook.WebhookEvent;

/**
 * How an event is written for its receivers: once, when it is put in the outbox, so that every attempt posts and
 * signs the same bytes. Its grammar (names, links) is the sending adapter's, as the API's is the HTTP adapter's.
 */
public interface WebhookBodies {

    String render(WebhookEvent event);
}
