package dev.extaudiences.core.identity;

/**
 * Why a namespace's rule refused an identity value: the closed set of reasons a row is rejected for its identity
 * (beside an empty or over-long value, which every namespace refuses).
 */
public enum IdentityRejection {
    /** A phone number that cannot be read as one at all (letters, too few or too many digits). */
    PHONE_UNPARSEABLE("is not a phone number"),
    /** A phone number read, but not one any numbering plan assigns (a wrong length for its country, say). */
    PHONE_INVALID("is not a valid phone number for its country"),
    /** A national number (no leading +) where no default region says which country it is in. */
    PHONE_WITHOUT_REGION("has no country code (+...) and no phoneRegion says which country it is in"),
    /** A national number where the server reads only international ones (it was given no numbering plans). */
    PHONE_NEEDS_COUNTRY_CODE("has no country code (+...), which this server needs to read a phone number"),
    /** A value in a hashed namespace that is not 64 hexadecimal digits: it is refused, never hashed silently. */
    NOT_A_SHA256("is not a SHA-256 hash (64 hexadecimal digits)");

    private final String explanation;

    IdentityRejection(String explanation) {
        this.explanation = explanation;
    }

    /** Worded to follow "the identity value": the reason a rejected row carries. */
    public String explanation() {
        return explanation;
    }
}
