package dev.extaudiences.testkit.cli;

import dev.extaudiences.testkit.cli.RuleReport.Outcome;
import dev.extaudiences.testkit.cli.RuleReport.RuleResult;
import dev.extaudiences.testkit.http.ApiTarget;
import java.time.Instant;
import java.util.List;

/** The short human report of a pass: every rule with its outcome, then each failure with what to replay. */
final class MarkdownReport {

    private static final int LONGEST_FAILURE = 12_000;

    private MarkdownReport() {
    }

    static String of(RuleReport report, ApiTarget target, String seed, Instant at) {
        List<RuleResult> results = report.results();
        StringBuilder md = new StringBuilder();
        md.append("# External Audiences conformance report\n\n");
        md.append("- target: `").append(target.baseUrl()).append("`, org `").append(target.orgId())
                .append("`, sandbox `").append(target.sandbox()).append("`\n");
        md.append("- run at ").append(at).append(", seed `").append(seed)
                .append("` (replay this pass with `--seed ").append(seed).append("`)\n");
        String summary = report.summary();
        md.append("- result: **").append(summary, 0, summary.indexOf(':')).append("**")
                .append(summary.substring(summary.indexOf(':'))).append("\n\n");
        md.append("| rule | kind | result | what it checks |\n|---|---|---|---|\n");
        for (RuleResult result : results) {
            md.append("| ").append(result.id()).append(" | ").append(result.required() ? "required" : "extension")
                    .append(" | ").append(switch (result.outcome()) {
                        case PASSED -> "pass";
                        case FAILED -> "**FAIL**";
                        case SKIPPED -> "skipped: " + result.failure();
                    }).append(" | ").append(result.statement().replace("|", "\\|")).append(" |\n");
        }
        List<RuleResult> failures = results.stream().filter(r -> r.outcome() == Outcome.FAILED).toList();
        if (!failures.isEmpty()) {
            md.append("\n## Failures\n");
            for (RuleResult failure : failures) {
                String text = failure.failure();
                if (text.length() > LONGEST_FAILURE) {
                    text = text.substring(0, LONGEST_FAILURE) + "\n... (cut; the JUnit XML report has all of it)";
                }
                md.append("\n### ").append(failure.id()).append(": ").append(failure.statement()).append("\n\n```\n")
                        .append(text.replace("```", "'''")).append("\n```\n");
            }
        }
        return md.toString();
    }
}
