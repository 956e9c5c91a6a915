package dev.extaudiences.core.run;

/**
 * What the identity namespaces' rules did in a run: identities written in another form than the one they are
 * matched by ({@code normalised}; white space around a value alone does not count, it was always trimmed), and rows
 * refused by their namespace's rule ({@code rejected}: a phone number that is none, a hash that is none; counted among
 * the run's rejected rows as well).
 */
public record IdentityMatches(long normalised, long rejected) {

    public static final IdentityMatches NONE = new IdentityMatches(0, 0);

    public IdentityMatches {
        if (normalised < 0 || rejected < 0) {
            throw new IllegalArgumentException("identity match counts must not be negative");
        }
    }

    public IdentityMatches plus(IdentityMatches more) {
        return new IdentityMatches(normalised + more.normalised, rejected + more.rejected);
    }

    public boolean isReachableFrom(IdentityMatches earlier) {
        return normalised >= earlier.normalised && rejected >= earlier.rejected;
    }
}
