package dev.extaudiences.testkit.http;

import java.util.Objects;

/**
 * A second org of the implementation under test and a token of it, for the rules that nothing of one org is visible or
 * changeable from another. The API key is the first org's unless it is given.
 */
public record OtherOrg(String orgId, String token, String apiKey) {

    public OtherOrg {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(apiKey, "apiKey");
    }
}
