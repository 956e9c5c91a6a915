package dev.extaudiences.adapter.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.extaudiences.core.access.AccessRequest;
import dev.extaudiences.core.access.AccessVerdict;
import dev.extaudiences.core.port.out.Credentials;
import dev.extaudiences.core.tenant.UserId;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Set;

/**
 * Bearer tokens that are signed JWTs, verified with a configured HMAC secret (HS256/384/512) or RSA public key
 * (RS256/384/512). The token's {@code sub} is the user; the org it may act for is in a configurable claim. Expiry
 * ({@code exp}) and not-before ({@code nbf}) are checked against the injected clock, with a small leeway for skew.
 */
public final class JwtCredentials implements Credentials {

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final JWSVerifier verifier;
    private final String orgClaim;
    private final Set<String> apiKeys;
    private final Clock clock;

    private JwtCredentials(JWSVerifier verifier, String orgClaim, Set<String> apiKeys, Clock clock) {
        this.verifier = verifier;
        this.orgClaim = Objects.requireNonNull(orgClaim, "orgClaim");
        this.apiKeys = Set.copyOf(apiKeys);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static JwtCredentials hmac(byte[] secret, String orgClaim, Set<String> apiKeys, Clock clock) {
        try {
            return new JwtCredentials(new MACVerifier(secret), orgClaim, apiKeys, clock);
        } catch (JOSEException tooShort) {
            throw new IllegalArgumentException("the JWT HMAC secret must be at least 256 bits (32 bytes)", tooShort);
        }
    }

    public static JwtCredentials rsa(RSAPublicKey publicKey, String orgClaim, Set<String> apiKeys, Clock clock) {
        return new JwtCredentials(new RSASSAVerifier(publicKey), orgClaim, apiKeys, clock);
    }

    /** Whether the presented token is shaped like a JWT at all (three dot-separated parts). */
    public static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    @Override
    public AccessVerdict verify(AccessRequest request) {
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(request.bearerToken());
            if (!jwt.verify(verifier)) {
                return invalid("its signature does not verify");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException | IllegalStateException malformed) {
            return invalid("it is not a signed JWT this server can verify");
        }
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires == null || expires.toInstant().plus(CLOCK_SKEW).isBefore(now)) {
            return invalid(expires == null ? "it has no expiry" : "it has expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            return invalid("it is not valid yet");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            return invalid("it names no subject");
        }
        Object org = claims.getClaim(orgClaim);
        if (!(org instanceof String orgId) || !orgId.equals(request.orgId())) {
            return new AccessVerdict.Denied(AccessVerdict.Denial.OTHER_ORG,
                    "the access token was not issued for org '" + request.orgId() + "'");
        }
        return ApiKeys.check(apiKeys, request.apiKey()).orElse(new AccessVerdict.Granted(new UserId(subject)));
    }

    private static AccessVerdict invalid(String why) {
        return new AccessVerdict.Denied(AccessVerdict.Denial.INVALID_TOKEN, "the access token is not valid: " + why);
    }
}
