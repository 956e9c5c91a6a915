package dev.extaudiences.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.extaudiences.testkit.http.ApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtEndToEndTest {

    private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!";

    @Test
    void aServerConfiguredWithAnHmacKeyAcceptsSignedTokensAndRecordsTheirSubject(@TempDir Path data) throws Exception {
        try (TestServer server = new TestServer(data, Map.of("EXTAUDIENCES_JWT_HMAC_SECRET", SECRET,
                "EXTAUDIENCES_AUTH_TOKENS", ""))) {
            ApiClient signed = server.api(token(TestServer.ORG, Instant.now().plusSeconds(600)), TestServer.ORG,
                    "prod");

            ApiClient.Reply accepted = signed.call("POST", "/external-audience", ApiEndToEndTest.minimal("Signed"));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            assertThat(signed.awaitOperation(accepted.json().get("operationId").asText()).get("createdBy").asText())
                    .isEqualTo("erin@example.com");

            ApiClient expired = server.api(token(TestServer.ORG, Instant.now().minusSeconds(3600)), TestServer.ORG,
                    "prod");
            ApiEndToEndTest.assertError(expired.call("GET", "/external-audience", null), 400, "100911-400", "expired");
            ApiClient elsewhere = server.api(token("other@AdobeOrg", Instant.now().plusSeconds(600)), TestServer.ORG,
                    "prod");
            ApiEndToEndTest.assertError(elsewhere.call("GET", "/external-audience", null), 401, "100921-401",
                    "x-gw-ims-org-id");
        }
    }

    private static String token(String org, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("erin@example.com").claim("org", org).expirationTime(Date.from(expires)).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
