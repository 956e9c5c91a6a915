package dev.extaudiences.app.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.extaudiences.app.Server;
import dev.extaudiences.app.Settings;
import dev.extaudiences.testkit.http.ApiConformance;
import dev.extaudiences.testkit.http.ApiTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The conformance kit against our own server (every rule passes), and against deliberately broken variants of it (the
 * rule guarding what was broken fails): a rule that no broken variant can fail is not yet a rule.
 */
class ConformanceTest {

    static final String TOKEN = "conformance-token";
    static final String KEY = "conformance-key";
    static Server server;
    static String upstream;

    @BeforeAll
    static void start() throws IOException {
        Path data = Files.createTempDirectory("conformance");
        server = Server.start(Settings.from(Map.of(
                "EXTAUDIENCES_DATA_DIR", data.toString(),
                "EXTAUDIENCES_PORT", "0",
                "EXTAUDIENCES_HOST", "127.0.0.1",
                "EXTAUDIENCES_AUTH_TOKENS", TOKEN + ":*:conformance",
                "EXTAUDIENCES_API_KEYS", KEY,
                "EXTAUDIENCES_RUN_POLL_MILLIS", "50")), Clock.systemUTC());
        upstream = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ApiTarget targetAt(String baseUrl) {
        return new ApiTarget(baseUrl, TOKEN, KEY, "conformance@AdobeOrg", "conformance", "conformance-other");
    }

    @Nested
    @DisplayName("against our own server")
    class OurServer extends ApiConformance {
        @Override
        protected ApiTarget target() {
            return targetAt(upstream);
        }
    }

    // ---- each broken variant, and the rule that must catch it ----

    static class AgainstBrokenServer extends ApiConformance {
        @Override
        protected ApiTarget target() {
            return targetAt(proxyUrl);
        }
    }

    /** Where the broken variant under test listens; set before the kit runs against it through the engine. */
    static String proxyUrl;

    private static List<String> failedRules(BreakingProxy.Breakage breakage) throws IOException {
        try (BreakingProxy proxy = new BreakingProxy(upstream, breakage)) {
            proxyUrl = proxy.baseUrl();
            return EngineTestKit.engine("junit-jupiter").selectors(selectClass(AgainstBrokenServer.class)).execute()
                    .testEvents().failed().stream()
                    .map(event -> event.getTestDescriptor().getDisplayName().split(":")[0]).toList();
        }
    }

    @Test
    @DisplayName("EA-CREATE-01 catches a create answered 200 instead of 202")
    void wrongCreateStatus() throws IOException {
        assertThat(failedRules(BreakingProxy.Breakage.ofResponses(response -> response.status() == 202
                ? new BreakingProxy.Response(200, response.contentType(), response.body()) : response)))
                .contains("EA-CREATE-01");
    }

    @Test
    @DisplayName("EA-CREATE-04 catches TTL bounds that are not enforced")
    void ttlNotEnforced() throws IOException {
        assertThat(failedRules(BreakingProxy.Breakage.ofRequests(request -> request.withBody(
                request.body().replaceAll("\"ttlInDays\": (0|91)\\b", "\"ttlInDays\": 40")))))
                .contains("EA-CREATE-04");
    }

    @Test
    @DisplayName("EA-TENANT-01 catches another sandbox's audience being visible")
    void sandboxesNotIsolated() throws IOException {
        assertThat(failedRules(BreakingProxy.Breakage.ofRequests(request ->
                request.withHeader("x-sandbox-name", sandbox -> "conformance")))).contains("EA-TENANT-01");
    }

    @Test
    @DisplayName("EA-PATCH-02 catches a PATCH that silently drops a property it may not change")
    void patchAcceptsNonPatchable() throws IOException {
        assertThat(failedRules(BreakingProxy.Breakage.ofRequests(request -> request.method().equals("PATCH")
                ? request.withBody(request.body().replace("\"name\": \"renamed\", ", "")) : request)))
                .contains("EA-PATCH-02");
    }

    @Test
    @DisplayName("EA-RUN-02 catches a runs list that ignores limit")
    void runsListIgnoresLimit() throws IOException {
        assertThat(failedRules(BreakingProxy.Breakage.ofRequests(request ->
                request.withPath(request.pathAndQuery().replace("?limit=1", ""))))).contains("EA-RUN-02");
    }
}
