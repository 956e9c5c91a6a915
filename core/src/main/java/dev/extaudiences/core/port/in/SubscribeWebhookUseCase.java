package dev.extaudiences.core.port.in;

import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.webhook.NewSubscription;
import dev.extaudiences.core.webhook.Subscription;

/** Subscribes the caller's (org, sandbox) to events; the answer carries the signing secret, shown only here. */
public interface SubscribeWebhookUseCase {

    Subscription subscribe(Caller caller, NewSubscription request);
}
