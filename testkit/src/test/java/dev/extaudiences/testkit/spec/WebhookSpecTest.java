package dev.extaudiences.testkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.webhook.RetrySchedule;
import dev.extaudiences.core.webhook.WebhookUrl;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The webhook rules as properties, each taking the rule it checks as an argument so that
 * {@link WebhookSpecsDetectBrokenRulesTest} can show it failing against a broken one.
 */
@DisplayName("Webhooks: retries back off to a ceiling and stop at the deadline; only http and https URLs")
class WebhookSpecTest {

    /** When the next attempt is due after some failures, or empty: given up. */
    interface Schedule {
        Optional<Instant> next(RetrySchedule schedule, Instant eventAt, int failures, Instant now);
    }

    static final Schedule REAL = RetrySchedule::next;

    static Gen<RetrySchedule> schedules() {
        return longs().between(1, 600).flatMap(first -> longs().between(first, 7_200).flatMap(longest ->
                longs().between(0, 48 * 3_600).map(giveUp -> new RetrySchedule(Duration.ofSeconds(first),
                        Duration.ofSeconds(longest), Duration.ofSeconds(giveUp)))));
    }

    /** Every attempt of one delivery that always fails, each made the moment it is due: their times. */
    static List<Instant> attempts(Schedule rule, RetrySchedule schedule, Instant eventAt) {
        List<Instant> times = new ArrayList<>(List.of(eventAt));
        Optional<Instant> next;
        while ((next = rule.next(schedule, eventAt, times.size(), times.get(times.size() - 1))).isPresent()) {
            times.add(next.get());
            if (times.size() > 1_000_000) {
                throw new AssertionError("the retries never end");
            }
        }
        return times;
    }

    @Test
    @DisplayName("the waits start at the first, double to the longest, and no attempt is later than the deadline, the last one as late as it could be")
    void backoffHolds() {
        scheduleHolds(REAL);
    }

    static void scheduleHolds(Schedule rule) {
        Property.forAll(schedules(), schedule -> {
            Instant eventAt = Generators.EPOCH;
            List<Instant> times = attempts(rule, schedule, eventAt);
            Instant deadline = eventAt.plus(schedule.giveUpAfter());
            Duration previous = Duration.ZERO;
            for (int i = 1; i < times.size(); i++) {
                Duration wait = Duration.between(times.get(i - 1), times.get(i));
                Duration doubled = i == 1 ? schedule.first() : previous.multipliedBy(2);
                Duration expected = doubled.compareTo(schedule.longest()) > 0 ? schedule.longest() : doubled;
                assertThat(wait).as("wait %d of %s", i, schedule).isEqualTo(expected);
                assertThat(times.get(i)).as("attempt %d of %s", i + 1, schedule).isBeforeOrEqualTo(deadline);
                previous = wait;
            }
            Duration nextWait = times.size() == 1 ? schedule.first()
                    : previous.multipliedBy(2).compareTo(schedule.longest()) > 0 ? schedule.longest()
                    : previous.multipliedBy(2);
            assertThat(times.get(times.size() - 1).plus(nextWait)).as("given up only past the deadline, %s", schedule)
                    .isAfter(deadline);
        });
    }

    @Test
    @DisplayName("the default: 10 s, then doubling to an hour, for 24 hours")
    void theDefault() {
        List<Instant> times = attempts(REAL, RetrySchedule.DEFAULT, Generators.EPOCH);
        assertThat(Duration.between(times.get(0), times.get(1))).isEqualTo(Duration.ofSeconds(10));
        assertThat(Duration.between(times.get(1), times.get(2))).isEqualTo(Duration.ofSeconds(20));
        assertThat(times.get(times.size() - 1)).isAfter(Generators.EPOCH.plus(Duration.ofHours(23)))
                .isBeforeOrEqualTo(Generators.EPOCH.plus(Duration.ofHours(24)));
    }

    @Test
    @DisplayName("a URL is accepted exactly when it is http or https (in any case) with a host, else refused naming url")
    void onlyHttpUrls() {
        urlsHold(WebhookUrl::new);
    }

    static void urlsHold(Function<String, WebhookUrl> parse) {
        Gen<String> schemes = Generate.pick(List.of("http", "https", "HTTPS", "Http", "ftp", "file", "javascript",
                "mailto", "ws", "gopher", "httpx"));
        Gen<String> hosts = Generate.pick(List.of("hooks.example.com", "127.0.0.1", "[::1]", "a-b.example:8443"));
        Property.forAll(schemes.zip(hosts, integers().between(0, 2), (scheme, host, shape) -> shape == 0
                ? scheme + "://" + host + "/hook" : shape == 1 ? scheme + "://" + host : scheme + ":" + host), url -> {
            String scheme = url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT);
            boolean web = (scheme.equals("http") || scheme.equals("https")) && url.contains("://");
            Throwable refused = catchThrowable(() -> parse.apply(url));
            if (web) {
                assertThat(refused).as(url).isNull();
                assertThat(parse.apply(url).value()).isEqualTo(url);
            } else {
                assertThat(refused).as(url).isInstanceOf(DomainException.class);
                assertThat(((DomainException) refused).error()).isInstanceOfSatisfying(DomainError.Invalid.class,
                        invalid -> assertThat(invalid.field()).isEqualTo("url"));
            }
        });
    }
}
