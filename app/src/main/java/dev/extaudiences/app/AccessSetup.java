package dev.extaudiences.app;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import dev.extaudiences.adapter.auth.JwtCredentials;
import dev.extaudiences.adapter.auth.JwtOrStaticCredentials;
import dev.extaudiences.adapter.auth.StaticCredentials;
import dev.extaudiences.adapter.javalin.ScopeNames;
import dev.extaudiences.core.port.out.Credentials;
import dev.extaudiences.core.tenant.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds who may call from the settings: configured static tokens, JWTs verified with a configured key, or both. With
 * nothing configured, one random token and API key are generated (and kept, see {@link GeneratedCredentials}), so
 * the server is never open to anyone by default. Nothing here writes: a start that fails later leaves nothing behind.
 */
final class AccessSetup {

    /** The credentials, and the generated ones to print when there were no configured ones. */
    record Access(Credentials credentials, Optional<GeneratedCredentials> generated) {
    }

    private static final int MIN_HMAC_SECRET_BYTES = 32;

    private AccessSetup() {
    }

    static Access from(Settings settings, Clock clock) {
        boolean jwt = settings.jwtHmacSecret().isPresent() || settings.jwtPublicKeyFile().isPresent();
        if (!jwt && settings.authTokens().isEmpty()) {
            GeneratedCredentials generated = settings.store() == Settings.StoreKind.MEMORY
                    ? GeneratedCredentials.forThisRunOnly()
                    : GeneratedCredentials.keptIn(settings.dataDirectory());
            return new Access(generated.credentials(), Optional.of(generated));
        }
        Set<String> apiKeys = apiKeys(settings);
        StaticCredentials statics = new StaticCredentials(tokens(settings.authTokens().orElse("")), apiKeys);
        if (!jwt) {
            return new Access(statics, Optional.empty());
        }
        JwtCredentials verifier = settings.jwtHmacSecret().isPresent()
                ? JwtCredentials.hmac(hmacSecret(settings), settings.jwtOrgClaim(), apiKeys, clock)
                : JwtCredentials.rsa(publicKey(settings), settings.jwtOrgClaim(), apiKeys, clock);
        return new Access(new JwtOrStaticCredentials(verifier, statics), Optional.empty());
    }

    private static Set<String> apiKeys(Settings settings) {
        Set<String> keys = new LinkedHashSet<>();
        Arrays.stream(settings.apiKeys().orElse("").split(",")).map(String::trim).filter(k -> !k.isEmpty())
                .forEach(keys::add);
        if (keys.isEmpty()) {
            throw new Settings.InvalidSetting("API_KEYS",
                    "is required once tokens or a JWT key are configured (comma-separated API keys)");
        }
        return keys;
    }

    /** Reads {@code token:org:user} entries, comma-separated; {@code *} as the org accepts any org. */
    static List<StaticCredentials.Token> tokens(String raw) {
        List<StaticCredentials.Token> tokens = new ArrayList<>();
        for (String entry : raw.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":", -1);
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                throw new Settings.InvalidSetting("AUTH_TOKENS",
                        "each entry must be token:org:user (org may be *), comma-separated");
            }
            String org = parts[1].trim();
            if (!org.equals("*") && !ScopeNames.isOrgId(org)) {
                // the API refuses such an org in every request, so the token could never be used
                throw new Settings.InvalidSetting("AUTH_TOKENS", "the org '" + org + "' of a token is not an IMS org "
                        + "id (" + ScopeNames.ORG_ID_SHAPE + "), nor * for any org");
            }
            tokens.add(new StaticCredentials.Token(parts[0], org, new UserId(parts[2])));
        }
        return tokens;
    }

    /** HS256 needs a key of at least its own 256 bits; a shorter one is refused here rather than by the verifier. */
    private static byte[] hmacSecret(Settings settings) {
        byte[] secret = settings.jwtHmacSecret().orElseThrow().getBytes(StandardCharsets.UTF_8);
        if (secret.length < MIN_HMAC_SECRET_BYTES) {
            throw new Settings.InvalidSetting("JWT_HMAC_SECRET", "must be at least " + MIN_HMAC_SECRET_BYTES
                    + " bytes (256 bits), was " + secret.length + " bytes");
        }
        return secret;
    }

    private static RSAPublicKey publicKey(Settings settings) {
        var file = settings.jwtPublicKeyFile().orElseThrow();
        try {
            return JWK.parseFromPEMEncodedObjects(Files.readString(file)).toRSAKey().toRSAPublicKey();
        } catch (IOException | JOSEException | RuntimeException unreadable) {
            throw new Settings.InvalidSetting("JWT_PUBLIC_KEY_FILE", "'" + file
                    + "' is not a readable PEM-encoded RSA public key");
        }
    }
}
