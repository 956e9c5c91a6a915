package dev.extaudiences.testkit.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.webhook.RetrySchedule;
import dev.extaudiences.core.webhook.WebhookUrl;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each webhook property shown failing against a rule broken in the way it guards against. */
class WebhookSpecsDetectBrokenRulesTest {

    private static void falsified(Runnable property) {
        assertThatThrownBy(property::run).isInstanceOf(AssertionError.class);
    }

    @Test
    @DisplayName("the backoff property catches waits that never grow")
    void flatWaits() {
        falsified(() -> WebhookSpecTest.scheduleHolds((schedule, eventAt, failures, now) -> {
            var next = now.plus(schedule.first());
            return next.isAfter(eventAt.plus(schedule.giveUpAfter())) ? Optional.empty() : Optional.of(next);
        }));
    }

    @Test
    @DisplayName("the backoff property catches a schedule that tries once past the deadline")
    void pastTheDeadline() {
        falsified(() -> WebhookSpecTest.scheduleHolds((schedule, eventAt, failures, now) ->
                now.isAfter(eventAt.plus(schedule.giveUpAfter())) ? Optional.empty()
                        : Optional.of(now.plus(schedule.wait(failures)))));
    }

    @Test
    @DisplayName("the backoff property catches a schedule that gives up early")
    void givingUpEarly() {
        falsified(() -> WebhookSpecTest.scheduleHolds((schedule, eventAt, failures, now) ->
                failures >= 3 ? Optional.empty() : RetrySchedule.DEFAULT.next(eventAt, failures, now)
                        .map(ignored -> now.plus(schedule.wait(failures)))
                        .filter(next -> !next.isAfter(eventAt.plus(schedule.giveUpAfter())))));
    }

    @Test
    @DisplayName("the URL property catches a check that takes any scheme")
    void anyScheme() {
        falsified(() -> WebhookSpecTest.urlsHold(text -> new WebhookUrl("https" + text.substring(text.indexOf(':')))));
    }

    @Test
    @DisplayName("the URL property catches a check that refuses https")
    void httpOnly() {
        falsified(() -> WebhookSpecTest.urlsHold(text -> {
            if (text.toLowerCase(java.util.Locale.ROOT).startsWith("https")) {
                throw DomainException.invalid("url", "must be http");
            }
            return new WebhookUrl(text);
        }));
    }
}
