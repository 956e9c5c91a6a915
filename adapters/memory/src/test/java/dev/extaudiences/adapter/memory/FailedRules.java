package dev.extaudiences.adapter.memory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs a contract against a deliberately broken store and answers the ids of the rules that failed. */
final class FailedRules {

    private FailedRules() {
    }

    static List<String> of(Class<?> contractAgainstBrokenStore) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(contractAgainstBrokenStore))
                .execute()
                .testEvents()
                .failed()
                .stream()
                .map(event -> event.getTestDescriptor().getDisplayName().split(":")[0])
                .toList();
    }
}
