package dev.extaudiences.testkit.http;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The implementation under test and the credentials to call it with: a base URL (the host, without
 * {@code /data/core/ais}), a token and API key, the org and sandbox to work in, a second sandbox for the isolation
 * rules, and the runs-per-audience guardrail it is configured with. Read from system properties
 * ({@code testkit.baseUrl}, ...) or environment variables ({@code TESTKIT_BASE_URL}, ...).
 */
public record ApiTarget(String baseUrl, String token, String apiKey, String orgId, String sandbox,
                        String otherSandbox, int runsPerAudience) {

    /** The public service's default guardrail: at most 10 runs per audience a day. */
    public static final int DEFAULT_RUNS_PER_AUDIENCE = 10;

    public ApiTarget {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(otherSandbox, "otherSandbox");
        if (runsPerAudience < 1) {
            throw new IllegalArgumentException("runsPerAudience must be at least 1, not " + runsPerAudience);
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
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
        String runsPerAudience = value(properties, environment, "runsPerAudience",
                String.valueOf(DEFAULT_RUNS_PER_AUDIENCE));
        try {
            return new ApiTarget(
                    value(properties, environment, "baseUrl", "http://localhost:8080"),
                    value(properties, environment, "token", ""),
                    value(properties, environment, "apiKey", ""),
                    value(properties, environment, "org", "conformance@AdobeOrg"),
                    sandbox,
                    value(properties, environment, "otherSandbox", sandbox + "-other"),
                    Integer.parseInt(runsPerAudience));
        } catch (NumberFormatException notNumber) {
            throw new IllegalArgumentException("runsPerAudience must be a number, not '" + runsPerAudience + "'");
        }
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
        return new ApiTarget(baseUrl, token, apiKey, orgId, sandboxName, sandbox, runsPerAudience);
    }
}
