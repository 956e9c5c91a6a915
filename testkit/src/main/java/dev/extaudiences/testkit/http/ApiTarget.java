package dev.extaudiences.testkit.http;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The implementation under test and the credentials to call it with: a base URL (the host, without
 * {@code /data/core/ais}), a token and API key, the org and sandbox to work in, a second sandbox for the isolation
 * rules, the guardrails it is configured with, and optionally a second org and a file drop for the rules that need
 * them. Read from system properties ({@code testkit.baseUrl}, ...) or environment variables ({@code TESTKIT_BASE_URL},
 * ...).
 */
public record ApiTarget(String baseUrl, String token, String apiKey, String orgId, String sandbox,
                        String otherSandbox, int runsPerAudience, int runsPerSandbox, Optional<OtherOrg> otherOrg,
                        FileDrop fileDrop) {

    /** The public service's default guardrail: at most 10 runs per audience a day. */
    public static final int DEFAULT_RUNS_PER_AUDIENCE = 10;
    /** The public service's default guardrail: at most 100 runs per sandbox a day. */
    public static final int DEFAULT_RUNS_PER_SANDBOX = 100;

    public ApiTarget {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(otherSandbox, "otherSandbox");
        Objects.requireNonNull(otherOrg, "otherOrg");
        Objects.requireNonNull(fileDrop, "fileDrop");
        if (runsPerAudience < 1) {
            throw new IllegalArgumentException("runsPerAudience must be at least 1, not " + runsPerAudience);
        }
        if (runsPerSandbox < 1) {
            throw new IllegalArgumentException("runsPerSandbox must be at least 1, not " + runsPerSandbox);
        }
        if (otherOrg.isPresent() && otherOrg.get().orgId().equals(orgId)) {
            throw new IllegalArgumentException("the other org must not be the org itself: " + orgId);
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public ApiTarget(String baseUrl, String token, String apiKey, String orgId, String sandbox, String otherSandbox,
                     int runsPerAudience) {
        this(baseUrl, token, apiKey, orgId, sandbox, otherSandbox, runsPerAudience, DEFAULT_RUNS_PER_SANDBOX,
                Optional.empty(), FileDrop.none());
    }

    public ApiTarget(String baseUrl, String token, String apiKey, String orgId, String sandbox, String otherSandbox) {
        this(baseUrl, token, apiKey, orgId, sandbox, otherSandbox, DEFAULT_RUNS_PER_AUDIENCE);
    }

    public static ApiTarget fromEnvironment() {
        return from(System.getProperties().entrySet().stream().collect(Collectors.toMap(
                entry -> entry.getKey().toString(), entry -> entry.getValue().toString())), System.getenv());
    }

    /**
     * Reads {@code testkit.<name>} from {@code properties}, else {@code TESTKIT_<NAME>} from {@code environment}. Without
     * a sandbox the kit works in a fresh one, so that passes never meet each other's audiences or daily guardrails.
     */
    public static ApiTarget from(Map<String, String> properties, Map<String, String> environment) {
        String sandbox = value(properties, environment, "sandbox",
                "conformance-" + UUID.randomUUID().toString().substring(0, 8));
        String apiKey = value(properties, environment, "apiKey", "");
        return new ApiTarget(
                value(properties, environment, "baseUrl", "http://localhost:8080"),
                value(properties, environment, "token", ""),
                apiKey,
                value(properties, environment, "org", "conformance@AdobeOrg"),
                sandbox,
                value(properties, environment, "otherSandbox", sandbox + "-other"),
                number(properties, environment, "runsPerAudience", DEFAULT_RUNS_PER_AUDIENCE),
                number(properties, environment, "runsPerSandbox", DEFAULT_RUNS_PER_SANDBOX),
                otherOrg(properties, environment, apiKey),
                fileDrop(properties, environment));
    }

    private static int number(Map<String, String> properties, Map<String, String> environment, String name,
                              int fallback) {
        String value = value(properties, environment, name, String.valueOf(fallback));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException notNumber) {
            throw new IllegalArgumentException(name + " must be a number, not '" + value + "'");
        }
    }

    private static Optional<OtherOrg> otherOrg(Map<String, String> properties, Map<String, String> environment,
                                               String apiKey) {
        String org = value(properties, environment, "otherOrg", null);
        String token = value(properties, environment, "otherToken", null);
        if (org == null && token == null) {
            return Optional.empty();
        }
        if (org == null || token == null) {
            throw new IllegalArgumentException("a second org needs both its id and a token of it (--other-org and"
                    + " --other-token)");
        }
        return Optional.of(new OtherOrg(org, token, value(properties, environment, "otherApiKey", apiKey)));
    }

    private static FileDrop fileDrop(Map<String, String> properties, Map<String, String> environment) {
        String landingZone = value(properties, environment, "landingZone", null);
        String dropCommand = value(properties, environment, "dropCommand", null);
        if (landingZone != null && dropCommand != null) {
            throw new IllegalArgumentException("give --landing-zone or --drop-command, not both");
        }
        return landingZone != null ? FileDrop.landingZone(landingZone)
                : dropCommand != null ? FileDrop.command(dropCommand) : FileDrop.none();
    }

    private static String value(Map<String, String> properties, Map<String, String> environment, String name,
                                String fallback) {
        String property = properties.get("testkit." + name);
        if (property != null) {
            return property;
        }
        String variable = environment.get(environmentVariable(name));
        return variable != null ? variable : fallback;
    }

    /** The environment variable of a setting: {@code baseUrl} is {@code TESTKIT_BASE_URL}. */
    public static String environmentVariable(String setting) {
        return "TESTKIT_" + setting.replaceAll("([A-Z])", "_$1").toUpperCase();
    }

    /** The same target in another sandbox, whose "other" sandbox is this one. */
    public ApiTarget inSandbox(String sandboxName) {
        return new ApiTarget(baseUrl, token, apiKey, orgId, sandboxName, sandbox, runsPerAudience, runsPerSandbox,
                otherOrg, fileDrop);
    }

    /** The same target calling as the other org, in the same sandbox name; its other org is this one. */
    public Optional<ApiTarget> asOtherOrg() {
        return otherOrg.map(other -> new ApiTarget(baseUrl, other.token(), other.apiKey(), other.orgId(), sandbox,
                otherSandbox, runsPerAudience, runsPerSandbox, Optional.of(new OtherOrg(orgId, token, apiKey)),
                fileDrop));
    }

    public ApiTarget withFileDrop(FileDrop drop) {
        return new ApiTarget(baseUrl, token, apiKey, orgId, sandbox, otherSandbox, runsPerAudience, runsPerSandbox,
                otherOrg, drop);
    }

    public ApiTarget withOtherOrg(OtherOrg other) {
        return new ApiTarget(baseUrl, token, apiKey, orgId, sandbox, otherSandbox, runsPerAudience, runsPerSandbox,
                Optional.of(other), fileDrop);
    }

    public ApiTarget withRunsPerSandbox(int runs) {
        return new ApiTarget(baseUrl, token, apiKey, orgId, sandbox, otherSandbox, runsPerAudience, runs, otherOrg,
                fileDrop);
    }
}
