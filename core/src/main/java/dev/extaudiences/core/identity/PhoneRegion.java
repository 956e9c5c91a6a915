package dev.extaudiences.core.identity;

import dev.extaudiences.core.error.DomainException;
import java.util.Locale;

/**
 * The country a national phone number (one written without {@code +} and a country code) is read in: an ISO 3166-1
 * alpha-2 code such as {@code US} or {@code FR}, upper case as stored.
 */
public record PhoneRegion(String code) {

    public PhoneRegion {
        if (code == null || !code.matches("[A-Za-z]{2}")) {
            throw DomainException.invalid("phoneRegion", "must be an ISO 3166-1 alpha-2 country code such as US, was "
                    + (code == null ? "null" : "'" + code + "'"));
        }
        code = code.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return code;
    }
}
