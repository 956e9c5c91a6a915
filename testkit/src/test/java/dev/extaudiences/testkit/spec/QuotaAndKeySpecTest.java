package dev.extaudiences.testkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Refusal;
import dev.extaudiences.core.idempotency.IdempotencyKey;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunQuota;
import dev.extaudiences.core.run.RunQuotas;
import dev.extaudiences.testkit.Property;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Quotas and idempotency keys: a guardrail says when its day resets; a key is 1 to 255 visible ASCII characters")
class QuotaAndKeySpecTest {

    private static final RunGuardrails LIMITS = new RunGuardrails(10, 100);

    @Test
    @DisplayName("a guardrail's refusal waits whole seconds, 1 to 86,400, that reach the next UTC midnight and not a second more, and names it with the figures")
    void retryAfterReachesTheReset() {
        Property.forAll(longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli), now -> {
            DomainError.Unprocessable refusal = LIMITS.check(10, 0, now).orElseThrow();
            Duration wait = refusal.retryAfter().orElseThrow();
            Instant reset = RunGuardrails.dayEnd(now);

            assertThat(refusal.reason()).isEqualTo(Refusal.AUDIENCE_RUN_GUARDRAIL);
            assertThat(wait.getNano()).isZero();
            assertThat(wait.getSeconds()).isBetween(1L, 86_400L);
            assertThat(now.plus(wait)).isAfterOrEqualTo(reset);
            assertThat(now.plus(wait).minusSeconds(1)).isBefore(reset);
            assertThat(refusal.explanation()).contains("used 10, left 0").contains(reset.toString())
                    .contains("in " + wait.getSeconds() + " s");
        });
    }

    @Test
    @DisplayName("within the limits nothing is refused; the audience's limit is named before the sandbox's")
    void whichLimit() {
        Property.forAll(integers().between(0, 120).zip(integers().between(0, 120), (a, s) -> new long[] {a, s}),
                counts -> {
                    Optional<DomainError.Unprocessable> refusal = LIMITS.check(counts[0], counts[1], Instant.EPOCH);
                    if (counts[0] >= 10) {
                        assertThat(refusal.orElseThrow().reason()).isEqualTo(Refusal.AUDIENCE_RUN_GUARDRAIL);
                    } else if (counts[1] >= 100) {
                        assertThat(refusal.orElseThrow().reason()).isEqualTo(Refusal.SANDBOX_RUN_GUARDRAIL);
                    } else {
                        assertThat(refusal).isEmpty();
                    }
                });
    }

    @Test
    @DisplayName("a quota's used and left add up to its limit while within it, and left is never below zero")
    void usedAndLeft() {
        Property.forAll(integers().between(0, 1_000).zip(integers().between(1, 500), (used, limit) ->
                new RunQuota(used, limit)), quota -> {
            assertThat(quota.left()).isGreaterThanOrEqualTo(0);
            if (quota.used() <= quota.limit()) {
                assertThat(quota.used() + quota.left()).isEqualTo(quota.limit());
            }
        });
        RunQuotas quotas = LIMITS.quotas(3, Optional.of(1L), Instant.parse("2026-12-01T20:00:00Z"));
        assertThat(quotas.sandbox()).isEqualTo(new RunQuota(3, 100));
        assertThat(quotas.audience()).contains(new RunQuota(1, 10));
        assertThat(quotas.resetsAt()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
    }

    @Test
    @DisplayName("every 1 to 255 visible ASCII characters, spaces inside, is a key")
    void keysAccepted() {
        Property.forAll(strings().betweenCodePoints(0x21, 0x7e).ofLengthBetween(1, 253)
                .zip(strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(0, 1), (edge, inner) ->
                        edge.length() > 1 ? edge.charAt(0) + inner + edge.substring(1) : edge), value ->
                assertThat(new IdempotencyKey(value).value()).isEqualTo(value));
    }

    @Test
    @DisplayName("a key with a control character anywhere, empty, blank or over 255 characters is refused naming the key")
    void keysRefused() {
        Property.forAll(strings().betweenCodePoints(0x21, 0x7e).ofLengthBetween(0, 200)
                .zip(integers().between(0, 0x1f), integers().between(0, 200), (text, control, at) -> {
                    int where = Math.min(at, text.length());
                    return text.substring(0, where) + (char) (control == 0x1f ? 0x7f : control) + text.substring(where);
                }), value -> assertRefused(value, "control characters"));
        assertRefused("", "must not be empty");
        assertRefused("   ", "must not be blank");
        assertRefused("k".repeat(256), "at most 255");
        assertRefused("caf\u00e9", "visible ASCII");
        assertRefused(" leading", "start or end with a space");
    }

    private static void assertRefused(String value, String rule) {
        Throwable refused = catchThrowable(() -> new IdempotencyKey(value));
        assertThat(refused).as(value).isInstanceOf(DomainException.class);
        DomainError error = ((DomainException) refused).error();
        assertThat(error).isInstanceOfSatisfying(DomainError.Invalid.class, invalid -> {
            assertThat(invalid.field()).isEqualTo(IdempotencyKey.FIELD);
            assertThat(invalid.rule()).contains(rule);
        });
    }
}
