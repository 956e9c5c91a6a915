package dev.extaudiences.adapter.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.extaudiences.core.access.AccessRequest;
import dev.extaudiences.core.access.AccessVerdict;
import dev.extaudiences.core.tenant.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static final String ORG = "1234@AdobeOrg";
    private static final String KEY = "key-1";
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static AccessVerdict.Denial denial(AccessVerdict verdict) {
        assertThat(verdict).isInstanceOf(AccessVerdict.Denied.class);
        return ((AccessVerdict.Denied) verdict).denial();
    }

    @Test
    void staticTokensAreBoundToAnOrgAndAUser() {
        StaticCredentials credentials = new StaticCredentials(List.of(
                new StaticCredentials.Token("t-org", ORG, new UserId("alice")),
                new StaticCredentials.Token("t-any", StaticCredentials.ANY_ORG, new UserId("bob"))), Set.of(KEY));

        assertThat(credentials.verify(new AccessRequest("t-org", KEY, ORG)))
                .isEqualTo(new AccessVerdict.Granted(new UserId("alice")));
        assertThat(credentials.verify(new AccessRequest("t-any", KEY, "other@AdobeOrg")))
                .isEqualTo(new AccessVerdict.Granted(new UserId("bob")));
        assertThat(denial(credentials.verify(new AccessRequest("t-org", KEY, "other@AdobeOrg"))))
                .isEqualTo(AccessVerdict.Denial.OTHER_ORG);
        assertThat(denial(credentials.verify(new AccessRequest("unknown", KEY, ORG))))
                .isEqualTo(AccessVerdict.Denial.INVALID_TOKEN);
        assertThat(denial(credentials.verify(new AccessRequest("t-org", "key-2", ORG))))
                .isEqualTo(AccessVerdict.Denial.KEY_NOT_ALLOWED);
    }

    @Test
    void generatedCredentialsAreRandomAndWork() {
        StaticCredentials first = StaticCredentials.generated(new UserId("local-user"));
        StaticCredentials second = StaticCredentials.generated(new UserId("local-user"));
        String token = first.tokens().get(0).secret();
        String key = first.apiKeys().iterator().next();

        assertThat(token).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(second.tokens().get(0).secret());
        assertThat(first.verify(new AccessRequest(token, key, ORG))).isInstanceOf(AccessVerdict.Granted.class);
        assertThat(first.tokens().get(0).toString()).doesNotContain(token);
    }

    @Test
    void hmacJwtsAreVerifiedForSignatureExpiryOrgAndKey() throws Exception {
        JwtCredentials credentials = JwtCredentials.hmac(SECRET, "org", Set.of(KEY), CLOCK);
        MACSigner signer = new MACSigner(SECRET);

        assertThat(credentials.verify(new AccessRequest(jwt(signer, JWSAlgorithm.HS256, ORG, NOW.plusSeconds(600)),
                KEY, ORG))).isEqualTo(new AccessVerdict.Granted(new UserId("carol@example.com")));
        assertThat(denial(credentials.verify(new AccessRequest(jwt(signer, JWSAlgorithm.HS256, ORG,
                NOW.minus(Duration.ofMinutes(5))), KEY, ORG)))).isEqualTo(AccessVerdict.Denial.INVALID_TOKEN);
        assertThat(denial(credentials.verify(new AccessRequest(jwt(signer, JWSAlgorithm.HS256, "other@AdobeOrg",
                NOW.plusSeconds(600)), KEY, ORG)))).isEqualTo(AccessVerdict.Denial.OTHER_ORG);
        assertThat(denial(credentials.verify(new AccessRequest(jwt(signer, JWSAlgorithm.HS256, ORG,
                NOW.plusSeconds(600)), "key-2", ORG)))).isEqualTo(AccessVerdict.Denial.KEY_NOT_ALLOWED);
        MACSigner stranger = new MACSigner("ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.UTF_8));
        assertThat(denial(credentials.verify(new AccessRequest(jwt(stranger, JWSAlgorithm.HS256, ORG,
                NOW.plusSeconds(600)), KEY, ORG)))).isEqualTo(AccessVerdict.Denial.INVALID_TOKEN);
        assertThat(denial(credentials.verify(new AccessRequest("a.b.c", KEY, ORG))))
                .isEqualTo(AccessVerdict.Denial.INVALID_TOKEN);
    }

    @Test
    void rsaJwtsAreVerifiedWithThePublicKeyOnly() throws Exception {
        RSAKey pair = new RSAKeyGenerator(2048).generate();
        JwtCredentials credentials = JwtCredentials.rsa(pair.toRSAPublicKey(), "org", Set.of(KEY), CLOCK);
        RSAKey otherPair = new RSAKeyGenerator(2048).generate();

        assertThat(credentials.verify(new AccessRequest(jwt(new RSASSASigner(pair), JWSAlgorithm.RS256, ORG,
                NOW.plusSeconds(60)), KEY, ORG))).isInstanceOf(AccessVerdict.Granted.class);
        assertThat(denial(credentials.verify(new AccessRequest(jwt(new RSASSASigner(otherPair), JWSAlgorithm.RS256,
                ORG, NOW.plusSeconds(60)), KEY, ORG)))).isEqualTo(AccessVerdict.Denial.INVALID_TOKEN);
    }

    @Test
    void jwtShapedTokensGoToTheJwtVerifierAndOthersToTheStaticList() throws Exception {
        var combined = new JwtOrStaticCredentials(JwtCredentials.hmac(SECRET, "org", Set.of(KEY), CLOCK),
                new StaticCredentials(List.of(new StaticCredentials.Token("plain", ORG, new UserId("dave"))),
                        Set.of(KEY)));

        assertThat(combined.verify(new AccessRequest("plain", KEY, ORG)))
                .isEqualTo(new AccessVerdict.Granted(new UserId("dave")));
        assertThat(combined.verify(new AccessRequest(jwt(new MACSigner(SECRET), JWSAlgorithm.HS256, ORG,
                NOW.plusSeconds(60)), KEY, ORG))).isEqualTo(new AccessVerdict.Granted(new UserId("carol@example.com")));
    }

    static String jwt(JWSSigner signer, JWSAlgorithm algorithm, String org, Instant expires) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), new JWTClaimsSet.Builder()
                .subject("carol@example.com").claim("org", org).expirationTime(Date.from(expires))
                .issueTime(Date.from(NOW.minusSeconds(10))).build());
        jwt.sign(signer);
        return jwt.serialize();
    }
}
