package dev.extaudiences.core.webhook;

import dev.extaudiences.core.error.DomainException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a subscription's events are posted: an absolute http or https URL with a host and no user info (a password
 * in a URL would be echoed by every listing of the subscription), at most 2,048 characters.
 */
public record WebhookUrl(String value) {

    public static final String FIELD = "url";
    private static final int MAX_LENGTH = 2_048;

    public WebhookUrl {
        Objects.requireNonNull(value, FIELD);
        if (value.isBlank()) {
            throw DomainException.invalid(FIELD, "must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw DomainException.invalid(FIELD, "must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException malformed) {
            throw DomainException.invalid(FIELD, "is not a valid URL (" + malformed.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw DomainException.invalid(FIELD, "must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw DomainException.invalid(FIELD, "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw DomainException.invalid(FIELD, "must not carry user info (credentials belong in the signature)");
        }
        if (uri.getRawFragment() != null) {
            throw DomainException.invalid(FIELD, "must not carry a fragment");
        }
    }

    public URI uri() {
        return URI.create(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
