package dev.extaudiences.testkit.cli;

import dev.extaudiences.testkit.http.ApiTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The command line of the conformance command, read into the kit's {@code testkit.*} settings, where the report goes,
 * and which rules to run. Every setting may also come from a {@code TESTKIT_*} environment variable.
 */
record Options(Map<String, String> settings, Path reportDir, List<String> rules, boolean skipExtensions,
               boolean help) {

    static final String USAGE = """
            Usage: java -jar extaudiences-testkit.jar --base-url URL --token TOKEN --api-key KEY --org ORG [options]

            Runs the External Audiences conformance rules against the implementation at URL and writes a report.

              --base-url URL          the host of the implementation, without /data/core/ais (TESTKIT_BASE_URL)
              --token TOKEN           a bearer token valid for ORG (TESTKIT_TOKEN)
              --api-key KEY           an API key allowed to use the API (TESTKIT_API_KEY)
              --org ORG               the x-gw-ims-org-id to work in (TESTKIT_ORG)
              --sandbox NAME          the sandbox to work in (default: a fresh conformance-xxxxxxxx per pass)
              --other-sandbox NAME    a second sandbox for the isolation rules (default: <sandbox>-other)
              --runs-per-audience N   the implementation's runs-per-audience guardrail (default 10)
              --runs-per-sandbox N    the implementation's runs-per-sandbox guardrail (default 100)
              --landing-zone PATTERN  a local folder per org and sandbox where the implementation's runs read data
                                      landing zone files, such as data/landing/{org}/{sandbox}: the kit writes the
                                      files of the ingestion rules there and sets their modification times
              --drop-command CMD      for files that live elsewhere: the kit runs CMD LOCAL_FILE ORG SANDBOX PATH to
                                      place each file (the rules that set modification times are then skipped)
              --other-org ORG         a second org, for the rules that orgs see nothing of each other
              --other-token TOKEN     a bearer token of that org
              --other-api-key KEY     the API key to call as that org with (default: --api-key)
              --tries N               random call sequences the model rule tries (default 20)
              --seed N                replay a pass: the seed a report printed
              --rules ID,ID           run only the rules whose id starts with one of these (EA-PATCH, EA-RUN-04)
              --skip-extensions       run only the required rules (the public contract)
              --report-dir DIR        where the reports go (default: conformance-report)
              --help                  this text

            Without --landing-zone or --drop-command the ingestion rules are skipped, without --other-org the rules
            of a second org; the summary counts the rules skipped and says what they need.

            Exit code: 0 when every required rule passed, 1 when one failed, 2 when the command could not run.
            """;

    private static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("--base-url", "testkit.baseUrl"), Map.entry("--token", "testkit.token"),
            Map.entry("--api-key", "testkit.apiKey"), Map.entry("--org", "testkit.org"),
            Map.entry("--sandbox", "testkit.sandbox"), Map.entry("--other-sandbox", "testkit.otherSandbox"),
            Map.entry("--runs-per-audience", "testkit.runsPerAudience"),
            Map.entry("--runs-per-sandbox", "testkit.runsPerSandbox"),
            Map.entry("--landing-zone", "testkit.landingZone"), Map.entry("--drop-command", "testkit.dropCommand"),
            Map.entry("--other-org", "testkit.otherOrg"), Map.entry("--other-token", "testkit.otherToken"),
            Map.entry("--other-api-key", "testkit.otherApiKey"),
            Map.entry("--tries", "testkit.modelExamples"), Map.entry("--seed", "testkit.seed"));

    static Options parse(String[] args, Map<String, String> environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        Path reportDir = Path.of("conformance-report");
        List<String> rules = new ArrayList<>();
        boolean skipExtensions = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String inline = null;
            if (option.startsWith("--") && option.contains("=")) {
                inline = option.substring(option.indexOf('=') + 1);
                option = option.substring(0, option.indexOf('='));
            }
            switch (option) {
                case "--help", "-h" -> help = true;
                case "--skip-extensions" -> skipExtensions = true;
                default -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(option + " needs a value");
                        }
                        value = args[++i];
                    }
                    if (option.equals("--report-dir")) {
                        reportDir = Path.of(value);
                    } else if (option.equals("--rules")) {
                        for (String rule : value.split(",")) {
                            if (!rule.isBlank()) {
                                rules.add(rule.trim().toUpperCase());
                            }
                        }
                    } else if (SETTINGS.containsKey(option)) {
                        settings.put(SETTINGS.get(option), value);
                    } else {
                        throw new IllegalArgumentException("unknown option " + option + " (see --help)");
                    }
                }
            }
        }
        for (String number : List.of("testkit.runsPerAudience", "testkit.runsPerSandbox", "testkit.modelExamples",
                "testkit.seed")) {
            String value = settings.get(number);
            if (value != null && !value.matches("-?\\d+")) {
                throw new IllegalArgumentException("the value of " + optionOf(number) + " must be a whole number, not '"
                        + value + "'");
            }
        }
        if (!help) {
            for (String required : List.of("testkit.baseUrl", "testkit.token", "testkit.apiKey", "testkit.org")) {
                String variable = ApiTarget.environmentVariable(required.substring("testkit.".length()));
                if (!settings.containsKey(required) && environment.get(variable) == null) {
                    throw new IllegalArgumentException(optionOf(required) + " is required (or " + variable + ")");
                }
            }
        }
        // one sandbox and one seed for the whole pass, so that the report can name both and a pass can be replayed
        settings.putIfAbsent("testkit.sandbox", environment.getOrDefault("TESTKIT_SANDBOX",
                "conformance-" + UUID.randomUUID().toString().substring(0, 8)));
        settings.putIfAbsent("testkit.seed", String.valueOf(new Random().nextLong()));
        return new Options(Map.copyOf(settings), reportDir, List.copyOf(rules), skipExtensions, help);
    }

    private static String optionOf(String setting) {
        return SETTINGS.entrySet().stream().filter(e -> e.getValue().equals(setting)).map(Map.Entry::getKey)
                .findFirst().orElse(setting);
    }

    /** The seed of the pass: the one asked for, or the one drawn for it. */
    String seed() {
        return settings.get("testkit.seed");
    }

    boolean selects(String ruleId) {
        return rules.isEmpty() || rules.stream().anyMatch(ruleId::startsWith);
    }
}
