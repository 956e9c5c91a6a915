package dev.extaudiences.adapter.auth;

import dev.extaudiences.core.access.AccessRequest;
import dev.extaudiences.core.access.AccessVerdict;
import dev.extaudiences.core.port.out.Credentials;
import java.util.Objects;

/** Sends a token shaped like a JWT to the JWT verifier and any other token to the static list. */
public final class JwtOrStaticCredentials implements Credentials {

    private final JwtCredentials jwt;
    private final StaticCredentials statics;

    public JwtOrStaticCredentials(JwtCredentials jwt, StaticCredentials statics) {
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.statics = Objects.requireNonNull(statics, "statics");
    }

    @Override
    public AccessVerdict verify(AccessRequest request) {
        return JwtCredentials.looksLikeJwt(request.bearerToken()) ? jwt.verify(request) : statics.verify(request);
    }
}
