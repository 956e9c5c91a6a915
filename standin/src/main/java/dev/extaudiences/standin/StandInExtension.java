package dev.extaudiences.standin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs the External Audiences server in-process around a test class: started before the first test on a free port,
 * reset before each test (or once per class), stopped after the last. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static StandInExtension audiences = StandInExtension.builder().h2().build();
 * }</pre>
 *
 * or put {@link ExternalAudiencesTest} on the class for the defaults. Everything a test reads and does is
 * {@link StandIn}'s; a test method may also take the {@link StandIn} as a parameter.
 */
public final class StandInExtension extends StandIn
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private static final Pattern SANDBOX = Pattern.compile("[a-z0-9][a-z0-9-]{0,100}");
    private static final Pattern ORG = Pattern.compile("[A-Za-z0-9_-]{1,128}@AdobeOrg");

    /** The defaults, as {@link ExternalAudiencesTest} uses them. */
    public StandInExtension() {
        this(builder().config());
    }

    private StandInExtension(Config config) {
        super(config);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // one server per class that registered it; a nested class shares its outer class's
        if (context.getParent().flatMap(ExtensionContext::getTestClass).isEmpty() || !started(context)) {
            start();
            context.getStore(ExtensionContext.Namespace.create(StandInExtension.class, this)).put("started", true);
        }
    }

    private boolean started(ExtensionContext context) {
        return context.getParent().map(parent -> parent.getStore(
                ExtensionContext.Namespace.create(StandInExtension.class, this)).get("started") != null).orElse(false);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getStore(ExtensionContext.Namespace.create(StandInExtension.class, this)).get("started") != null) {
            stop();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (resetsPerTest()) {
            reset();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StandIn.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return this;
    }

    /** How the stand-in starts; every choice has a default, so {@code builder().build()} is the annotation's. */
    public static final class Builder {

        private Store store = Store.MEMORY;
        private Optional<String> jdbcUrl = Optional.empty();
        private String jdbcUser = "";
        private String jdbcPassword = "";
        private String orgId = "12345@AdobeOrg";
        private String sandbox = "prod";
        private String token = "standin-token";
        private String apiKey = "standin-api-key";
        private boolean resetPerTest = true;
        private Optional<Instant> clockStart = Optional.empty();
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {
        }

        /** In-memory stores (the default). */
        public Builder inMemory() {
            store = Store.MEMORY;
            jdbcUrl = Optional.empty();
            return this;
        }

        /** Embedded H2 in the stand-in's temporary directory: the server's own database code, removed afterwards. */
        public Builder h2() {
            store = Store.H2;
            jdbcUrl = Optional.empty();
            return this;
        }

        /** The database at {@code url} (PostgreSQL or H2); its tables are made or migrated at start. */
        public Builder jdbcUrl(String url, String user, String password) {
            store = Store.JDBC;
            jdbcUrl = Optional.of(Objects.requireNonNull(url));
            jdbcUser = Objects.requireNonNull(user);
            jdbcPassword = Objects.requireNonNull(password);
            return this;
        }

        /** The IMS org the token is for ({@code 12345@AdobeOrg} by default). */
        public Builder orgId(String org) {
            if (!ORG.matcher(org).matches()) {
                throw new IllegalArgumentException("an org id is 1 to 128 letters, digits, - or _ then @AdobeOrg, was "
                        + org);
            }
            orgId = org;
            return this;
        }

        /** The sandbox name the tests' sandboxes are named after ({@code prod} by default: {@code prod-1}, ...). */
        public Builder sandbox(String name) {
            if (!SANDBOX.matcher(name).matches()) {
                throw new IllegalArgumentException("a sandbox name is lower-case letters, digits and hyphens, was "
                        + name);
            }
            sandbox = name;
            return this;
        }

        public Builder token(String value) {
            token = requireWord(value, "token");
            return this;
        }

        public Builder apiKey(String value) {
            apiKey = requireWord(value, "API key");
            return this;
        }

        /** One sandbox for the whole class, named exactly as {@link #sandbox} says; tests see each other's state. */
        public Builder resetPerClass() {
            resetPerTest = false;
            return this;
        }

        /** Where the server's clock starts (now by default); it then runs with real time, and moves by advance. */
        public Builder clockStartingAt(Instant start) {
            clockStart = Optional.of(start);
            return this;
        }

        /** The guardrails: how many runs an audience and a sandbox may start in a day of the server's clock. */
        public Builder guardrails(int runsPerAudiencePerDay, int runsPerSandboxPerDay) {
            settings.put("EXTAUDIENCES_RUNS_PER_AUDIENCE_PER_DAY", Integer.toString(runsPerAudiencePerDay));
            settings.put("EXTAUDIENCES_RUNS_PER_SANDBOX_PER_DAY", Integer.toString(runsPerSandboxPerDay));
            return this;
        }

        /** Any other server setting, by its environment name ({@code EXTAUDIENCES_MAX_BODY_BYTES}); checked at start. */
        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        public StandInExtension build() {
            return new StandInExtension(config());
        }

        Config config() {
            return new Config(store, jdbcUrl, jdbcUser, jdbcPassword, orgId, sandbox, token, apiKey, resetPerTest,
                    clockStart, Map.copyOf(settings));
        }

        private static String requireWord(String value, String what) {
            if (value == null || !value.matches("[A-Za-z0-9._~-]+")) {
                throw new IllegalArgumentException("a " + what + " is letters, digits and . _ ~ -, was " + value);
            }
            return value;
        }
    }
}
