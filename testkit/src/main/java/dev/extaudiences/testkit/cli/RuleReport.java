package dev.extaudiences.testkit.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/** Gathers the outcome of every rule of a pass, in the order the rules ran, for the console and the reports. */
final class RuleReport implements TestExecutionListener {

    enum Outcome { PASSED, FAILED, SKIPPED }

    record RuleResult(String id, String statement, boolean required, Outcome outcome, String failure) {
    }

    private final List<RuleResult> results = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            results.add(result(test, Outcome.SKIPPED, reason));
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest()) {
            return;
        }
        Optional<Throwable> thrown = result.getThrowable();
        switch (result.getStatus()) {
            case SUCCESSFUL -> results.add(result(test, Outcome.PASSED, null));
            case ABORTED -> results.add(result(test, Outcome.SKIPPED, thrown.map(Throwable::getMessage).orElse("")));
            case FAILED -> results.add(result(test, Outcome.FAILED, thrown.map(RuleReport::describe).orElse("")));
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
    }

    private static RuleResult result(TestIdentifier test, Outcome outcome, String failure) {
        String name = test.getDisplayName();
        int colon = name.indexOf(':');
        String id = colon > 0 ? name.substring(0, colon) : name;
        String statement = colon > 0 ? name.substring(colon + 1).strip() : "";
        boolean required = test.getTags().stream().map(TestTag::getName).anyMatch("required"::equals);
        return new RuleResult(id, statement, required, outcome, failure);
    }

    List<RuleResult> results() {
        List<RuleResult> sorted = new ArrayList<>(results);
        sorted.sort(java.util.Comparator.comparing(RuleResult::id, RuleReport::byRuleNumber));
        return sorted;
    }

    /** EA-RUN-2 before EA-RUN-10: groups alphabetically, numbers numerically. */
    private static int byRuleNumber(String a, String b) {
        String groupA = a.replaceAll("-\\d+$", "");
        String groupB = b.replaceAll("-\\d+$", "");
        if (!groupA.equals(groupB)) {
            return groupA.compareTo(groupB);
        }
        return Integer.compare(number(a), number(b));
    }

    private static int number(String id) {
        String digits = id.replaceAll("^.*-(\\d+)$", "$1");
        return digits.matches("\\d+") ? Integer.parseInt(digits) : 0;
    }

    long count(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /**
     * The pass in one line: passed, failed and skipped, and why rules were skipped, by reason ("CONFORMS: 48 passed,
     * 0 failed, 13 skipped: 11 need a file drop (...), 2 need a second org (...)"), so that a skipped rule is never
     * mistaken for a passed one.
     */
    String summary() {
        Map<String, Long> skippedBecause = results().stream().filter(r -> r.outcome() == Outcome.SKIPPED)
                .collect(Collectors.groupingBy(r -> r.failure() == null || r.failure().isBlank() ? "no reason given"
                        : r.failure(), LinkedHashMap::new, Collectors.counting()));
        String reasons = skippedBecause.entrySet().stream().map(e -> e.getValue() + " " + (e.getKey()
                        .startsWith("needs ") ? "need " + e.getKey().substring("needs ".length()) : e.getKey()))
                .collect(Collectors.joining(", "));
        return (requiredFailed() ? "DEPARTS FROM THE CONTRACT" : "CONFORMS") + ": " + count(Outcome.PASSED)
                + " passed, " + count(Outcome.FAILED) + " failed, " + count(Outcome.SKIPPED) + " skipped"
                + (reasons.isEmpty() ? "" : ": " + reasons);
    }

    boolean requiredFailed() {
        return results.stream().anyMatch(r -> r.required() && r.outcome() == Outcome.FAILED);
    }
}
