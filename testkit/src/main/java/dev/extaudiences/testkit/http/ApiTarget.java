package dev.extaudiences.testkit.http;

import java.util.Map;
import java.util.Objects;

/**
 * The implementation under test and the credentials to call it with: a base URL (the host, without
 * {@code /data/core/ais}), a token and API key, the org and sandbox to work in, and a second sandbox for the isolation
 * rules. Read from system properties ({@code testkit.baseUrl}, ...) or environment variables
 * ({@code TESTKIT_BASE_URL}, ...).
 */
public record ApiTarget(String baseUrl, String token, String apiKey, String orgId, String sandbox,
                        String otherSandbox) {

    public ApiTarget {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(otherSandbox, "otherSandbox");
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public static ApiTarget fromEnvironment() {
        return from(System.getProperties().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                entry -> entry.getKey().toString(), entry -> entry.getValue().toString())), System.getenv());
    }

    static ApiTarget from(Map<String, String> properties, Map<String, String> environment) {
        return new ApiTarget(
                value(properties, environment, "baseUrl", "http://localhost:8080"),
                value(properties, environment, "token", ""),
                value(properties, environment, "apiKey", ""),
                value(properties, environment, "org", "conformance@AdobeOrg"),
                value(properties, environment, "sandbox", "conformance"),
                value(properties, environment, "otherSandbox", "conformance-other"));
    }

    private static String value(Map<String, String> properties, Map<String, String> environment, String name,
                                String fallback) {
        String property = properties.get("testkit." + name);
        if (property != null) {
            return property;
        }
        String variable = environment.get("TESTKIT_" + name.replaceAll("([A-Z])", "_$1").toUpperCase());
        return variable != null ? variable : fallback;
    }

    /** The same target in another sandbox. */
    public ApiTarget inSandbox(String otherSandboxName) {
        return new ApiTarget(baseUrl, token, apiKey, orgId, otherSandboxName, sandbox);
    }
}
