package dev.extaudiences.adapter.auth;

import dev.extaudiences.core.access.AccessRequest;
import dev.extaudiences.core.access.AccessVerdict;
import dev.extaudiences.core.port.out.Credentials;
import dev.extaudiences.core.tenant.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Tokens and API keys fixed by configuration. A token is bound to one org (or to any org, written {@code *}) and to
 * the user id recorded as {@code createdBy}/{@code updatedBy}. Secrets are compared in constant time.
 */
public final class StaticCredentials implements Credentials {

    public static final String ANY_ORG = "*";

    /** One configured token: which org it may act for and as which user. */
    public record Token(String secret, String orgId, UserId user) {
        public Token {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(orgId, "orgId");
            Objects.requireNonNull(user, "user");
            if (secret.isBlank()) {
                throw new IllegalArgumentException("a token must not be blank");
            }
        }

        @Override
        public String toString() {
            return "Token[org=" + orgId + ", user=" + user + "]";
        }
    }

    private final List<Token> tokens;
    private final Set<String> apiKeys;

    public StaticCredentials(List<Token> tokens, Set<String> apiKeys) {
        this.tokens = List.copyOf(tokens);
        this.apiKeys = Set.copyOf(apiKeys);
    }

    /** One random token, valid for any org, and one random API key: what a server with nothing configured uses. */
    public static StaticCredentials generated(UserId user) {
        return new StaticCredentials(List.of(new Token(randomSecret(), ANY_ORG, user)), Set.of(randomSecret()));
    }

    public List<Token> tokens() {
        return tokens;
    }

    public Set<String> apiKeys() {
        return apiKeys;
    }

    @Override
    public AccessVerdict verify(AccessRequest request) {
        Optional<Token> token = tokens.stream().filter(t -> sameSecret(t.secret(), request.bearerToken())).findFirst();
        if (token.isEmpty()) {
            return new AccessVerdict.Denied(AccessVerdict.Denial.INVALID_TOKEN, "the access token is not valid");
        }
        if (!token.get().orgId().equals(ANY_ORG) && !token.get().orgId().equals(request.orgId())) {
            return new AccessVerdict.Denied(AccessVerdict.Denial.OTHER_ORG,
                    "the access token was not issued for org '" + request.orgId() + "'");
        }
        return ApiKeys.check(apiKeys, request.apiKey()).orElse(new AccessVerdict.Granted(token.get().user()));
    }

    static boolean sameSecret(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
