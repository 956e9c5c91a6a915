package dev.extaudiences.testkit.http;

import org.junit.jupiter.api.BeforeEach;

/**
 * The External Audiences API's observable contract as numbered rules (listed in {@code testkit/RULES.md}), run
 * black-box against any implementation. A Java team extends this one class and overrides {@link #target()}; without an
 * override the target is read from system properties or environment variables ({@code testkit.baseUrl}, ...). Rules
 * tagged {@code required} are the public contract; {@code extension} rules test this project's additions and may be
 * skipped by excluding that tag. A rule that needs what the target lacks (a file drop, a second org, an extension the
 * implementation does not have) is skipped, saying what it needs ({@link Needs}). A failure prints the exchange and a
 * curl command that reproduces it.
 */
public abstract class ApiConformance implements CreateRules, OperationRules, PatchRules, RunRules, RunListRules,
        AccessRules, IsolationRules, DeleteRules, GuardrailRules, IngestionRules, MemberRules, ModelRules,
        ExtensionRules {

    private ApiClient api;

    /** The implementation under test; by default read from system properties or environment variables. */
    protected ApiTarget target() {
        return ApiTarget.fromEnvironment();
    }

    @BeforeEach
    final void connect() {
        api = new ApiClient(target());
    }

    @Override
    public final ApiClient api() {
        return api;
    }
}
