package dev.extaudiences.testkit.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import dev.extaudiences.testkit.http.ApiTarget;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * {@code java -jar extaudiences-testkit.jar --base-url ... --token ...}: runs the conformance rules against an
 * implementation, prints a summary, writes JUnit XML and a Markdown report, and exits non-zero when a required rule
 * failed.
 */
public final class ConformanceCommand {

    public static final int CONFORMS = 0;
    public static final int DEPARTS = 1;
    public static final int COULD_NOT_RUN = 2;

    private ConformanceCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    /** Runs a pass; answers the exit code. The kit's settings are system properties for the pass, restored after. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out) {
        Options options;
        ApiTarget target;
        try {
            options = Options.parse(args, environment);
            target = ApiTarget.from(options.settings(), environment);
        } catch (IllegalArgumentException usage) {
            out.println("conformance: " + usage.getMessage());
            return COULD_NOT_RUN;
        }
        if (options.help()) {
            out.print(Options.USAGE);
            return CONFORMS;
        }
        String unreachable = unreachable(target.baseUrl());
        if (unreachable != null) {
            out.println("conformance: " + unreachable);
            return COULD_NOT_RUN;
        }
        // the rules read their target as ApiTarget.fromEnvironment() does: the options as system properties first
        Map<String, String> previous = new HashMap<>();
        options.settings().forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        try {
            return pass(options, target, out);
        } catch (IOException reportNotWritten) {
            out.println("conformance: the report could not be written: " + reportNotWritten.getMessage());
            return COULD_NOT_RUN;
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    private static int pass(Options options, ApiTarget target, PrintStream out) throws IOException {
        Files.createDirectories(options.reportDir());
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Conformance.class))
                .filters((PostDiscoveryFilter) descriptor -> FilterResult.includedIf(!descriptor.isTest()
                        || options.selects(descriptor.getDisplayName().split(":")[0])));
        if (options.skipExtensions()) {
            request.filters(TagFilter.excludeTags("extension"));
        }
        LauncherDiscoveryRequest discovery = request.build();
        RuleReport report = new RuleReport();
        String seed = options.seed();
        out.println("conformance: running the rules against " + target.baseUrl() + " in sandbox " + target.sandbox()
                + " (seed " + seed + ") ...");
        LauncherFactory.create().execute(discovery, report,
                new LegacyXmlReportGeneratingListener(options.reportDir(), new PrintWriter(out, true)));

        Path markdown = options.reportDir().resolve("conformance-report.md");
        Files.writeString(markdown, MarkdownReport.of(report, target, seed, Instant.now()), StandardCharsets.UTF_8);
        summarise(report, out);
        out.println("reports: " + markdown + " and the JUnit XML in " + options.reportDir());
        return report.requiredFailed() ? DEPARTS : CONFORMS;
    }

    private static void summarise(RuleReport report, PrintStream out) {
        for (RuleReport.RuleResult result : report.results()) {
            out.printf("  %-8s %-13s %-9s %s%n", switch (result.outcome()) {
                case PASSED -> "pass";
                case FAILED -> "FAIL";
                case SKIPPED -> "skipped";
            }, result.id(), result.required() ? "required" : "extension", result.statement());
            if (result.outcome() == RuleReport.Outcome.SKIPPED) {
                out.printf("  %-8s %-13s %-9s %s%n", "", "", "", "(" + result.failure() + ")");
            }
        }
        out.println(report.summary());
    }

    /** A plain reachability check first, so that a wrong URL is one clear line rather than forty failed rules. */
    private static String unreachable(String baseUrl) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/data/core/ais/external-audience/"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return null;
        } catch (IllegalArgumentException notAUrl) {
            return "--base-url '" + baseUrl + "' is not a URL: " + notAUrl.getMessage();
        } catch (IOException down) {
            return "nothing answers at " + baseUrl + " (" + down + ")";
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
