package dev.extaudiences.app;

import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.IdentityRules;
import dev.extaudiences.core.identity.NamespaceRule;
import dev.extaudiences.core.identity.PhoneRegion;
import dev.extaudiences.core.port.out.PhoneNumbers;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the server normalises identities: {@code EXTAUDIENCES_IDENTITY_RULES}, namespace codes given a rule
 * ({@code email=email-gmail,msisdn=phone,hashed_crm=sha256,ECID=trim}; a namespace not listed follows its code: see
 * {@link IdentityRules}), and {@code EXTAUDIENCES_PHONE_DEFAULT_REGION}, the country national phone numbers are read
 * in where an audience names no {@code phoneRegion} of its own (none: such numbers are refused, naming why).
 */
public record IdentitySettings(Map<String, NamespaceRule> rules, Optional<PhoneRegion> defaultRegion) {

    static final String RULES = "IDENTITY_RULES";
    static final String REGION = "PHONE_DEFAULT_REGION";

    public static final IdentitySettings DEFAULTS = new IdentitySettings(Map.of(), Optional.empty());

    public IdentitySettings {
        rules = Map.copyOf(rules);
    }

    static IdentitySettings parse(Optional<String> rulesSetting, Optional<String> regionSetting) {
        Map<String, NamespaceRule> rules = new LinkedHashMap<>();
        for (String entry : rulesSetting.orElse("").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new Settings.InvalidSetting(RULES, "'" + entry.trim() + "' is not namespace=rule");
            }
            String namespace = entry.substring(0, equals).trim();
            try {
                new IdentityNamespace(namespace);
                NamespaceRule rule = NamespaceRule.named(entry.substring(equals + 1), RULES);
                if (rules.put(namespace.toLowerCase(Locale.ROOT), rule) != null) {
                    throw new Settings.InvalidSetting(RULES, "namespace '" + namespace + "' is given two rules");
                }
            } catch (DomainException refused) {
                throw new Settings.InvalidSetting(RULES, "'" + entry.trim() + "': " + refused.error().detail());
            }
        }
        Optional<PhoneRegion> region;
        try {
            region = regionSetting.map(PhoneRegion::new);
        } catch (DomainException refused) {
            throw new Settings.InvalidSetting(REGION, "must be an ISO 3166-1 alpha-2 country code such as US, was '"
                    + regionSetting.get() + "'");
        }
        return new IdentitySettings(rules, region);
    }

    /** The domain's rules: these, with phone numbers read by {@code phones}. */
    public IdentityRules identityRules(PhoneNumbers phones) {
        IdentityRules built = IdentityRules.defaults().withPhoneNumbers(phones).withDefaultRegion(defaultRegion);
        for (Map.Entry<String, NamespaceRule> rule : rules.entrySet()) {
            built = built.with(rule.getKey(), rule.getValue());
        }
        return built;
    }
}
