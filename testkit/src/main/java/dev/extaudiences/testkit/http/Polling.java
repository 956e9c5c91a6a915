package dev.extaudiences.testkit.http;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Asks the implementation again until its answer settles. An answer that never settles is still the answer: the
 * rule judges it and reports it with its exchange, which says more to the implementer than a timeout would.
 */
final class Polling {

    private Polling() {
    }

    static JsonNode until(Duration patience, Supplier<JsonNode> answer, Predicate<JsonNode> settled) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            return await().atMost(patience).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        JsonNode now = answer.get();
                        last.set(now);
                        return now;
                    }, settled);
        } catch (ConditionTimeoutException unsettled) {
            return last.get();
        }
    }
}
