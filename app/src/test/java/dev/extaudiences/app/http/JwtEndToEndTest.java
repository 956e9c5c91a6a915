package dev.extaudiences.app.http;

import static dev.extaudiences.app.http.TestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtEndToEndTest {

    private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!";

    @Test
    void aServerConfiguredWithAnHmacKeyAcceptsSignedTokensAndRecordsTheirSubject(@TempDir Path data) throws Exception {
        try (TestServer server = new TestServer(data, Map.of("EXTAUDIENCES_JWT_HMAC_SECRET", SECRET,
                "EXTAUDIENCES_AUTH_TOKENS", ""))) {
            Map<String, String> headers = new LinkedHashMap<>(TestServer.headers("prod"));
            headers.put("Authorization", "Bearer " + token(TestServer.ORG, Instant.now().plusSeconds(600)));

            TestServer.Reply accepted = server.call("POST", BASE + "/external-audience",
                    ApiEndToEndTest.minimal("Signed"), headers);
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            assertThat(ApiEndToEndTestSupport.awaitOperation(server, headers,
                    accepted.json().get("operationId").asText()).get("createdBy").asText()).isEqualTo("erin@example.com");

            headers.put("Authorization", "Bearer " + token(TestServer.ORG, Instant.now().minusSeconds(3600)));
            ApiEndToEndTest.assertError(server.call("GET", BASE + "/external-audience", null, headers), 400,
                    "100911-400", "expired");
            headers.put("Authorization", "Bearer " + token("other@AdobeOrg", Instant.now().plusSeconds(600)));
            ApiEndToEndTest.assertError(server.call("GET", BASE + "/external-audience", null, headers), 401,
                    "100921-401", "x-gw-ims-org-id");
        }
    }

    private static String token(String org, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("erin@example.com").claim("org", org).expirationTime(Date.from(expires)).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
