package dev.extaudiences.adapter.javalin;

import dev.extaudiences.core.access.AccessRequest;
import dev.extaudiences.core.access.AccessVerdict;
import dev.extaudiences.core.port.out.Credentials;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.TenantScope;
import io.javalin.http.Context;
import java.util.Objects;

/**
 * Who calls, in which scope: the caller headers are read, the credentials verified, and the caller kept on the
 * request for its handler. A denial names the header it is about.
 */
final class Authentication {

    private static final String CALLER = "extaudiences.caller";

    private final Credentials credentials;

    Authentication(Credentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    void authenticate(Context ctx) {
        CallerHeaders presented = CallerHeaders.of(ctx);
        TenantScope scope = presented.scope();
        AccessVerdict verdict = credentials.verify(new AccessRequest(presented.token(), presented.apiKey(),
                scope.orgId()));
        if (verdict instanceof AccessVerdict.Denied denied) {
            throw switch (denied.denial()) {
                case INVALID_TOKEN -> new ApiError(ErrorCode.INVALID_TOKEN,
                        CallerHeaders.AUTHORIZATION + ": " + denied.explanation());
                case OTHER_ORG -> new ApiError(ErrorCode.INVALID_ORG, CallerHeaders.ORG + ": " + denied.explanation());
                case KEY_NOT_ALLOWED -> new ApiError(ErrorCode.NOT_AUTHORISED,
                        CallerHeaders.API_KEY + ": " + denied.explanation());
            };
        }
        ctx.attribute(CALLER, new Caller(scope, ((AccessVerdict.Granted) verdict).user()));
    }

    /** The authenticated caller; every route under the API's base path has one. */
    static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new IllegalStateException("a handler of the API ran without an authenticated caller");
        }
        return caller;
    }

    static TenantScope scope(Context ctx) {
        return caller(ctx).scope();
    }
}
