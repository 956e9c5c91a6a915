package dev.extaudiences.core.identity;

import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.member.Identity;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity rules of one audience: the server's namespace rules, read in the audience's phone region, and kept at
 * rest the audience's way. A run's rows and every lookup of the audience go through the same instance of these, so
 * that a value is matched in the form it was stored in, whatever form it is written in.
 */
public final class AudienceIdentities {

    /** Trimming only, kept as read: how identities were read before namespaces had rules. */
    public static final AudienceIdentities TRIM_ONLY = IdentityRules.trimOnly().of(IdentityHandling.DEFAULT);

    private final IdentityRules rules;
    private final Optional<PhoneRegion> region;
    private final IdentityStorage storage;

    AudienceIdentities(IdentityRules rules, Optional<PhoneRegion> region, IdentityStorage storage) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.region = Objects.requireNonNull(region, "region");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** The form of {@code raw} that decides membership, or why the namespace's rule refuses it. */
    public Normalisation normalise(IdentityNamespace namespace, String raw) {
        return rules.normalise(namespace, raw, region);
    }

    /** How a normalised value is stored: itself, or its SHA-256 (a hashed namespace's value is a hash already). */
    public String atRest(IdentityNamespace namespace, String normalised) {
        if (storage == IdentityStorage.SHA256_OF_NORMALISED && rules.ruleOf(namespace) != NamespaceRule.SHA256) {
            return Sha256.hex(normalised);
        }
        return normalised;
    }

    /**
     * The stored form of an identity a caller asks about, normalised and kept at rest as a run would have; a value
     * the namespace's rule refuses is a 400 naming it (it can be no member).
     */
    public Identity stored(Identity query) {
        Normalisation normalised = normalise(query.namespace(), query.value());
        if (normalised instanceof Normalisation.Rejected rejected) {
            throw DomainException.invalid("value", "'" + query.value() + "' in namespace " + query.namespace()
                    + " " + rejected.reason().explanation());
        }
        String value = ((Normalisation.Normalised) normalised).value();
        return new Identity(query.namespace(), atRest(query.namespace(), value));
    }

    public IdentityStorage storage() {
        return storage;
    }
}
