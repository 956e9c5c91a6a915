package dev.extaudiences.app.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.app.CompositionRoot;
import dev.extaudiences.app.Server;
import dev.extaudiences.app.Settings;
import dev.extaudiences.testkit.cli.ConformanceCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conformance command as a team runs it: options in, a console summary, reports and an exit code out. */
class ConformanceCommandTest {

    static Server server;
    static String baseUrl;
    static Path landing;

    @BeforeAll
    static void start() throws IOException {
        Path data = Files.createTempDirectory("conformance-command");
        landing = data.resolve("landing");
        server = CompositionRoot.start(Settings.from(Map.of(
                "EXTAUDIENCES_DATA_DIR", data.toString(),
                "EXTAUDIENCES_PORT", "0",
                "EXTAUDIENCES_HOST", "127.0.0.1",
                "EXTAUDIENCES_AUTH_TOKENS", "cli-token:acme@AdobeOrg:cli,cli-other-token:globex@AdobeOrg:other",
                "EXTAUDIENCES_API_KEYS", "cli-key")), Clock.systemUTC());
        baseUrl = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Outcome(int exitCode, String console) {
    }

    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exitCode = ConformanceCommand.run(args, Map.of(), new PrintStream(console, true, StandardCharsets.UTF_8));
        return new Outcome(exitCode, console.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("against our server, with its landing zone and a second org, every rule passes: exit code 0, each rule listed as passed in the Markdown report, JUnit XML beside it")
    void conformingServer(@TempDir Path reports) throws IOException {
        Outcome outcome = run("--base-url", baseUrl, "--token", "cli-token", "--api-key", "cli-key",
                "--org", "acme@AdobeOrg", "--landing-zone", landing + "/{org}/{sandbox}",
                "--other-org", "globex@AdobeOrg", "--other-token", "cli-other-token",
                "--tries", "5", "--report-dir", reports.toString());

        assertThat(outcome.exitCode()).as(outcome.console()).isZero();
        assertThat(outcome.console()).contains("CONFORMS: 60 passed, 0 failed, 0 skipped");
        String markdown = Files.readString(reports.resolve("conformance-report.md"));
        assertThat(markdown).contains("**CONFORMS**", "| EA-CREATE-01 | required | pass |",
                "| EA-EXT-02 | extension | pass |", "| EA-MODEL-01 | required | pass |",
                "| EA-ING-02 | required | pass |", "| EA-TENANT-05 | required | pass |",
                "| EA-MODEL-02 | extension | pass |");
        String xml = Files.readString(reports.resolve("TEST-junit-jupiter.xml"));
        assertThat(xml).contains("tests=\"60\"", "failures=\"0\"");
    }

    @Test
    @DisplayName("without a file drop or a second org, the rules that need them are skipped, never passed, and the summary says how many and why")
    void skippedRulesSayWhy(@TempDir Path reports) throws IOException {
        Outcome outcome = run("--base-url", baseUrl, "--token", "cli-token", "--api-key", "cli-key",
                "--org", "acme@AdobeOrg", "--rules", "EA-ING,EA-TENANT", "--report-dir", reports.toString());

        assertThat(outcome.exitCode()).as(outcome.console()).isZero();
        assertThat(outcome.console()).contains("skipped  EA-ING-02", "(needs a file drop (--landing-zone or"
                + " --drop-command))", "CONFORMS: 2 passed, 0 failed, 16 skipped: 13 need a file drop (--landing-zone"
                + " or --drop-command), 3 need a second org (--other-org and --other-token)");
        assertThat(Files.readString(reports.resolve("conformance-report.md")))
                .contains("| EA-TENANT-03 | required | skipped: needs a second org (--other-org and --other-token) |");
    }

    @Test
    @DisplayName("with --drop-command the kit places each file through the command; the rules that set modification times are skipped, saying so")
    void dropCommand(@TempDir Path scripts) throws IOException {
        Path drop = scripts.resolve("drop.sh");
        // what a team would write for a bucket, here a copy into our server's landing zone: FILE ORG SANDBOX PATH
        Files.writeString(drop, "#!/bin/sh\nset -e\nmkdir -p \"$(dirname \"" + landing + "/$2/$3/$4\")\"\n"
                + "cp \"$1\" \"" + landing + "/$2/$3/$4\"\n");
        drop.toFile().setExecutable(true);

        Outcome outcome = run("--base-url", baseUrl, "--token", "cli-token", "--api-key", "cli-key",
                "--org", "acme@AdobeOrg", "--drop-command", drop.toString(), "--rules", "EA-ING-01,EA-ING-02,EA-ING-04",
                "--report-dir", scripts.resolve("reports").toString());

        assertThat(outcome.exitCode()).as(outcome.console()).isZero();
        assertThat(outcome.console()).contains("pass     EA-ING-01", "pass     EA-ING-04",
                "CONFORMS: 2 passed, 0 failed, 1 skipped: 1 need a file drop that sets modification times");
    }

    @Test
    @DisplayName("against a broken variant the rule guarding it fails: exit code 1, and the report shows the failing exchange as curl with the seed to replay")
    void departingServer(@TempDir Path reports) throws IOException {
        BreakingProxy.Breakage ttlNotEnforced = BreakingProxy.Breakage.ofRequests(request -> request.withBody(
                request.body().replaceAll("\"ttlInDays\": (0|91)\\b", "\"ttlInDays\": 40")));
        try (BreakingProxy proxy = new BreakingProxy(baseUrl, ttlNotEnforced)) {
            Outcome outcome = run("--base-url", proxy.baseUrl(), "--token", "cli-token", "--api-key", "cli-key",
                    "--org", "acme@AdobeOrg", "--rules", "EA-CREATE", "--seed", "42",
                    "--report-dir", reports.toString());

            assertThat(outcome.exitCode()).as(outcome.console()).isEqualTo(ConformanceCommand.DEPARTS);
            assertThat(outcome.console()).contains("FAIL     EA-CREATE-04", "DEPARTS FROM THE CONTRACT: 8 passed, 1 failed");
            String markdown = Files.readString(reports.resolve("conformance-report.md"));
            assertThat(markdown).contains("| EA-CREATE-04 | required | **FAIL** |", "### EA-CREATE-04",
                    "curl -X POST", "--seed 42");
        }
    }

    @Test
    @DisplayName("a failing extension rule alone does not fail the pass; --skip-extensions leaves extensions out")
    void extensionsAreOptional(@TempDir Path reports) {
        BreakingProxy.Breakage noAudienceList = BreakingProxy.Breakage.ofRequests(request -> request.method().equals("GET")
                && request.pathAndQuery().startsWith("/data/core/ais/external-audience?")
                ? request.withPath("/data/core/ais/nowhere") : request);
        try (BreakingProxy proxy = new BreakingProxy(baseUrl, noAudienceList)) {
            String[] common = {"--base-url", proxy.baseUrl(), "--token", "cli-token", "--api-key", "cli-key",
                    "--org", "acme@AdobeOrg", "--rules", "EA-EXT,EA-DELETE-01", "--report-dir", reports.toString()};

            Outcome all = run(common);
            String[] skipping = java.util.Arrays.copyOf(common, common.length + 1);
            skipping[common.length] = "--skip-extensions";
            Outcome required = run(skipping);

            assertThat(all.exitCode()).as(all.console()).isZero();
            assertThat(all.console()).contains("FAIL     EA-EXT-02", "CONFORMS: 2 passed, 1 failed");
            assertThat(required.console()).contains("CONFORMS: 1 passed, 0 failed").doesNotContain("EA-EXT");
        } catch (IOException proxyDidNotStart) {
            throw new java.io.UncheckedIOException(proxyDidNotStart);
        }
    }

    @Test
    @DisplayName("an implementation without the members and metrics extensions has the rules that read them skipped, saying which extension, and still conforms")
    void withoutExtensions(@TempDir Path reports) throws IOException {
        BreakingProxy.Breakage publicContractOnly = new BreakingProxy.Breakage() {
            @Override
            public BreakingProxy.Request request(BreakingProxy.Request request) {
                return request.pathAndQuery().contains("/members") ? request.withPath("/data/core/ais/nowhere") : request;
            }

            @Override
            public BreakingProxy.Response response(BreakingProxy.Request request, BreakingProxy.Response response) {
                return response.withBody(response.body().replaceAll("\"metrics\":\\{[^}]*},", ""));
            }
        };
        try (BreakingProxy proxy = new BreakingProxy(baseUrl, publicContractOnly)) {
            Outcome outcome = run("--base-url", proxy.baseUrl(), "--token", "cli-token", "--api-key", "cli-key",
                    "--org", "acme@AdobeOrg", "--landing-zone", landing + "/{org}/{sandbox}",
                    "--rules", "EA-ING-01,EA-ING-06,EA-ING-12", "--report-dir", reports.toString());

            assertThat(outcome.exitCode()).as(outcome.console()).isZero();
            assertThat(outcome.console()).contains("pass     EA-ING-01", "CONFORMS: 1 passed, 0 failed, 2 skipped: 1"
                    + " need the members extension (GET /external-audience/{id}/members), 1 need the metrics extension");
        }
    }

    @Test
    @DisplayName("a usage error or an unreachable URL is one clear line and exit code 2")
    void cannotRun() {
        Outcome missing = run("--token", "t");
        Outcome unknown = run("--base-url", baseUrl, "--token", "t", "--api-key", "k", "--org", "o", "--colour", "red");
        Outcome nobody = run("--base-url", "http://127.0.0.1:1", "--token", "t", "--api-key", "k", "--org", "o");
        Outcome notNumber = run("--base-url", baseUrl, "--token", "t", "--api-key", "k", "--org", "o", "--tries", "many");

        assertThat(missing.exitCode()).isEqualTo(ConformanceCommand.COULD_NOT_RUN);
        assertThat(missing.console()).contains("--base-url is required");
        assertThat(unknown.exitCode()).isEqualTo(ConformanceCommand.COULD_NOT_RUN);
        assertThat(unknown.console()).contains("unknown option --colour");
        assertThat(nobody.exitCode()).isEqualTo(ConformanceCommand.COULD_NOT_RUN);
        assertThat(nobody.console()).contains("nothing answers at http://127.0.0.1:1");
        assertThat(notNumber.console()).contains("--tries must be a whole number");
        String[] valid = {"--base-url", baseUrl, "--token", "t", "--api-key", "k", "--org", "o"};
        assertThat(run(with(valid, "--other-org", "other@AdobeOrg")).console())
                .contains("a second org needs both its id and a token of it");
        assertThat(run(with(valid, "--landing-zone", "data/landing")).console())
                .contains("the landing zone pattern must hold {org} and {sandbox}");
        assertThat(run(with(valid, "--landing-zone", "l/{org}/{sandbox}", "--drop-command", "cp")).exitCode())
                .isEqualTo(ConformanceCommand.COULD_NOT_RUN);
        assertThat(run("--help").console()).contains("Usage: java -jar extaudiences-testkit.jar");
    }
}
