package dev.extaudiences.adapter.auth;

import dev.extaudiences.core.access.AccessVerdict;
import java.util.Optional;
import java.util.Set;

/** The API keys allowed to use this API; the same rule for every kind of token. */
final class ApiKeys {

    private ApiKeys() {
    }

    static Optional<AccessVerdict> check(Set<String> allowed, String presented) {
        boolean known = allowed.stream().anyMatch(key -> StaticCredentials.sameSecret(key, presented));
        return known ? Optional.empty() : Optional.of(new AccessVerdict.Denied(AccessVerdict.Denial.KEY_NOT_ALLOWED,
                "the API key is not allowed to use the external audiences API"));
    }
}
