package dev.extaudiences.core.identity;

import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.member.Identity;

/**
 * The identity rules of one audience: the server's namespace rules, read in the audience's phone region, and kept at
 * rest the audience's way. A run's rows and every lookup of the audience go through the same rules, so that a value
 * is matched in the form it was stored in, whatever form it is written in. (Built by the
 * {@code IdentityRules} the domain is built with, which hold the phone numbering plans.)
 */
public interface AudienceIdentities {

    /** Trimming only, kept as read: how identities were read before namespaces had rules. */
    AudienceIdentities TRIM_ONLY = new AudienceIdentities() {
        @Override
        public Normalisation normalise(IdentityNamespace namespace, String raw) {
            return new Normalisation.Normalised(raw.strip());
        }

        @Override
        public String atRest(IdentityNamespace namespace, String normalised) {
            return normalised;
        }
    };

    /** The form of {@code raw} that decides membership, or why the namespace's rule refuses it. */
    Normalisation normalise(IdentityNamespace namespace, String raw);

    /** How a normalised value is stored: itself, or its SHA-256 (a hashed namespace's value is a hash already). */
    String atRest(IdentityNamespace namespace, String normalised);

    /**
     * The stored form of an identity a caller asks about, normalised and kept at rest as a run would have; a value
     * the namespace's rule refuses is a 400 naming it (it can be no member).
     */
    default Identity stored(Identity query) {
        Normalisation normalised = normalise(query.namespace(), query.value());
        if (normalised instanceof Normalisation.Rejected rejected) {
            throw DomainException.invalid("value", "'" + query.value() + "' in namespace " + query.namespace()
                    + " " + rejected.reason().explanation());
        }
        String value = ((Normalisation.Normalised) normalised).value();
        return new Identity(query.namespace(), atRest(query.namespace(), value));
    }
}
