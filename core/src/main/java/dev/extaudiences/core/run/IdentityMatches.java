package dev.extaudiences.core.run;

/**
 * What the identity namespaces' rules did in a run: identities written in another form than the one they are
 * matched by ({@code normalised}; white space around a value alone does not count, it was always trimmed), rows
 * refused by their namespace's rule ({@code rejected}: a phone number that is none, a hash that is none; counted among
 * the run's rejected rows as well), and staged rows that normalisation collapsed into a member ({@code collapsed}: a
 * normalised identity that is also a member live before the run, or another row of the run written in a different
 * spelling; see {@link dev.extaudiences.core.member.MergeOutcome#collapsed()}). {@code collapsed} is counted by the
 * store at the merge (or a dry run's preview), so it stays 0 until then and in a run that writes no profiles; it is
 * never more than {@code normalised}.
 */
public record IdentityMatches(long normalised, long rejected, long collapsed) {

    public static final IdentityMatches NONE = new IdentityMatches(0, 0, 0);

    /** What the rules did while rows were read, before any merge counted what collapsed. */
    public IdentityMatches(long normalised, long rejected) {
        this(normalised, rejected, 0);
    }

    public IdentityMatches {
        if (normalised < 0 || rejected < 0 || collapsed < 0) {
            throw new IllegalArgumentException("identity match counts must not be negative");
        }
    }

    /** The staged rows a merge counted as collapsed by normalisation. */
    public static IdentityMatches collapsed(long collapsed) {
        return new IdentityMatches(0, 0, collapsed);
    }

    public IdentityMatches plus(IdentityMatches more) {
        return new IdentityMatches(normalised + more.normalised, rejected + more.rejected,
                collapsed + more.collapsed);
    }

    public boolean isReachableFrom(IdentityMatches earlier) {
        return normalised >= earlier.normalised && rejected >= earlier.rejected && collapsed >= earlier.collapsed;
    }
}
