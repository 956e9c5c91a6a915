package dev.extaudiences.core.access;

import java.util.Objects;

/** What a caller presents: a bearer token, an API key, and the org it claims to act for. */
public record AccessRequest(String bearerToken, String apiKey, String orgId) {

    public AccessRequest {
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(orgId, "orgId");
    }

    @Override
    public String toString() {
        // never print a secret
        return "AccessRequest[org=" + orgId + "]";
    }
}
