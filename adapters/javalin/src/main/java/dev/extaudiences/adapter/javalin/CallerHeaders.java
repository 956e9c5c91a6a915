package dev.extaudiences.adapter.javalin;

import dev.extaudiences.core.tenant.TenantScope;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;

/**
 * The four headers that say who calls and in which scope, read strictly. Each must be given exactly once: a proxy in
 * front may read the last of two values where this server would read the first, so two values are refused rather
 * than resolved. The org id and sandbox name must have the public service's shapes, so that what reaches the stores
 * and the landing zone is a name the public service could have issued:
 * <ul>
 *   <li>{@code x-gw-ims-org-id}: 1 to 128 letters, digits, {@code -} or {@code _}, then {@code @AdobeOrg};</li>
 *   <li>{@code x-sandbox-name}: 1 to 128 lower-case letters, digits and hyphens, starting with a letter or digit.</li>
 * </ul>
 */
record CallerHeaders(String token, String apiKey, TenantScope scope) {

    static final String AUTHORIZATION = "Authorization";
    static final String API_KEY = "x-api-key";
    static final String ORG = "x-gw-ims-org-id";
    static final String SANDBOX = "x-sandbox-name";


    static CallerHeaders of(Context ctx) {
        List<String> names = List.of(AUTHORIZATION, API_KEY, ORG, SANDBOX);
        // a missing header is the contract's 401, named before any other fault of the headers
        for (String name : names) {
            String value = ctx.header(name);
            if (value == null || value.isBlank()) {
                throw new ApiError(ErrorCode.MISSING_HEADER, name + ": the header is required");
            }
        }
        for (String name : names) {
            int given = Collections.list(ctx.req().getHeaders(name)).size();
            if (given > 1) {
                throw ApiError.invalid(name, "must be given once, was given " + given + " times");
            }
        }
        String authorization = ctx.header(AUTHORIZATION).trim();
        String org = ctx.header(ORG).trim();
        String sandbox = ctx.header(SANDBOX).trim();
        if (!ScopeNames.isOrgId(org)) {
            throw ApiError.invalid(ORG, "must be an IMS org id: " + ScopeNames.ORG_ID_SHAPE);
        }
        if (!ScopeNames.isSandboxName(sandbox)) {
            throw ApiError.invalid(SANDBOX, "must be a sandbox name: " + ScopeNames.SANDBOX_NAME_SHAPE);
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.substring(7).isBlank()) {
            throw new ApiError(ErrorCode.INVALID_TOKEN, AUTHORIZATION + ": must be 'Bearer {ACCESS_TOKEN}'");
        }
        return new CallerHeaders(authorization.substring(7).trim(), ctx.header(API_KEY).trim(),
                new TenantScope(org, sandbox));
    }
}
