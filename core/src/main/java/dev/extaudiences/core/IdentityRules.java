package dev.extaudiences.core;

import dev.extaudiences.core.identity.AudienceIdentities;
import dev.extaudiences.core.identity.Emails;
import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.identity.IdentityRejection;
import dev.extaudiences.core.identity.IdentityStorage;
import dev.extaudiences.core.identity.NamespaceRule;
import dev.extaudiences.core.identity.Normalisation;
import dev.extaudiences.core.identity.PhoneRegion;
import dev.extaudiences.core.identity.Sha256;

import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.port.out.PhoneNumbers;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's normalisation rule of every identity namespace, applied where a value is read (a run's rows) and
 * where one is asked for (every lookup), so that the raw value never decides membership: {@code Ada@Example.com }
 * and {@code ada@example.com} are one member, and so is a phone number however it is written.
 *
 * <p>Without configuration a namespace's rule follows its code, case-insensitively: {@code email} is
 * {@link NamespaceRule#EMAIL}, {@code phone} {@link NamespaceRule#PHONE_E164}, a code ending {@code _sha256}
 * ({@code email_lc_sha256}, {@code phone_sha256}) {@link NamespaceRule#SHA256}, and every other (ECID, CRM ids)
 * {@link NamespaceRule#TRIM}. Configured rules override these by namespace code, case-insensitively.
 */
public final class IdentityRules {

    private final Map<String, NamespaceRule> configured;
    private final PhoneNumbers phones;
    private final Optional<PhoneRegion> defaultRegion;
    // the namespace last asked for and its rule: a run asks for one namespace's a million times, and finding it (the
    // code stripped and lower-cased each time) was a twelfth of the reading thread. Both in one immutable holder,
    // so that threads racing on it each see one whole pair
    private RuleOf lastAsked = new RuleOf(null, null);

    private record RuleOf(IdentityNamespace namespace, NamespaceRule rule) {
    }

    private IdentityRules(Map<String, NamespaceRule> configured, PhoneNumbers phones,
                          Optional<PhoneRegion> defaultRegion) {
        this.configured = Map.copyOf(configured);
        this.phones = Objects.requireNonNull(phones, "phones");
        this.defaultRegion = Objects.requireNonNull(defaultRegion, "defaultRegion");
    }

    /** The rules by namespace code, phone numbers read without numbering plans, and no default region. */
    public static IdentityRules defaults() {
        return new IdentityRules(Map.of(), PhoneNumbers.internationalOnly(), Optional.empty());
    }


    /** These rules, with phone numbers read by {@code phones}. */
    public IdentityRules withPhoneNumbers(PhoneNumbers replacement) {
        return new IdentityRules(configured, replacement, defaultRegion);
    }

    /** These rules, reading national numbers in {@code region} where an audience names none. */
    public IdentityRules withDefaultRegion(Optional<PhoneRegion> region) {
        return new IdentityRules(configured, phones, region);
    }

    /** These rules, with {@code namespace}'s rule replaced by {@code rule}. */
    public IdentityRules with(String namespace, NamespaceRule rule) {
        Map<String, NamespaceRule> next = new LinkedHashMap<>(configured);
        next.put(key(namespace), Objects.requireNonNull(rule, "rule"));
        return new IdentityRules(next, phones, defaultRegion);
    }

    public Optional<PhoneRegion> defaultRegion() {
        return defaultRegion;
    }

    public NamespaceRule ruleOf(IdentityNamespace namespace) {
        RuleOf last = lastAsked;
        if (last.namespace() == namespace) {
            return last.rule();
        }
        NamespaceRule rule = find(namespace);
        lastAsked = new RuleOf(namespace, rule);
        return rule;
    }

    private NamespaceRule find(IdentityNamespace namespace) {
        String key = key(namespace.code());
        NamespaceRule rule = configured.get(key);
        if (rule != null) {
            return rule;
        }
        if (key.equals("email")) {
            return NamespaceRule.EMAIL;
        }
        if (key.equals("phone")) {
            return NamespaceRule.PHONE_E164;
        }
        return key.endsWith("_sha256") ? NamespaceRule.SHA256 : NamespaceRule.TRIM;
    }

    /** The rules of one audience: its phone region (else the server's) and how it keeps identities at rest. */
    public AudienceIdentities of(IdentityHandling handling) {
        Optional<PhoneRegion> region = handling.phoneRegion().or(() -> defaultRegion);
        IdentityStorage storage = handling.storage();
        return new AudienceIdentities() {
            @Override
            public Normalisation normalise(IdentityNamespace namespace, String raw) {
                return IdentityRules.this.normalise(namespace, raw, region);
            }

            @Override
            public String atRest(IdentityNamespace namespace, String normalised) {
                if (storage == IdentityStorage.SHA256_OF_NORMALISED && ruleOf(namespace) != NamespaceRule.SHA256) {
                    return Sha256.hex(normalised);
                }
                return normalised;
            }
        };
    }

    /** The form that decides membership of {@code raw} in {@code namespace}, read in {@code region}. */
    Normalisation normalise(IdentityNamespace namespace, String raw, Optional<PhoneRegion> region) {
        NamespaceRule rule = ruleOf(namespace);
        switch (rule) {
            case TRIM:
                return new Normalisation.Normalised(raw.strip());
            case EMAIL:
                return new Normalisation.Normalised(Emails.lowerCase(raw));
            case EMAIL_GMAIL:
                return new Normalisation.Normalised(Emails.gmailCanonical(Emails.lowerCase(raw)));
            case PHONE_E164:
                return phone(raw, region);
            case SHA256:
                String hash = raw.strip();
                return Sha256.isHex(hash) ? new Normalisation.Normalised(hash.toLowerCase(Locale.ROOT))
                        : new Normalisation.Rejected(IdentityRejection.NOT_A_SHA256);
            default:
                throw new IllegalStateException("no normalisation for " + rule);
        }
    }

    private Normalisation phone(String raw, Optional<PhoneRegion> region) {
        PhoneNumbers.Reading reading = phones.toE164(raw.strip(), region);
        if (reading instanceof PhoneNumbers.Reading.E164 number) {
            return new Normalisation.Normalised(number.number());
        }
        return new Normalisation.Rejected(((PhoneNumbers.Reading.NotANumber) reading).reason());
    }

    private static String key(String namespace) {
        return namespace.strip().toLowerCase(Locale.ROOT);
    }
}
