package dev.extaudiences.core.identity;

import dev.extaudiences.core.error.DomainException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How the values of one identity namespace are normalised before they decide membership, after the advertising
 * platforms' published rules (Google Ads Customer Match "formatting guidelines", Meta's custom audience "hashing and
 * normalisation" rules). Each has the name a server setting gives it.
 */
public enum NamespaceRule {
    /** Leading and trailing white space removed, nothing else: ECID, CRM ids and every namespace not configured. */
    TRIM("trim"),
    /** Trimmed and lower-cased (both platforms' rule for email addresses). */
    EMAIL("email"),
    /**
     * As {@link #EMAIL}, and for {@code gmail.com} and {@code googlemail.com} the dots of the local part and anything
     * from a {@code +} on dropped, the domain written {@code gmail.com}: Gmail delivers all of them to one mailbox.
     * Only when a namespace asks for it: other providers give dots and {@code +} a meaning.
     */
    EMAIL_GMAIL("email-gmail"),
    /** A phone number in E.164 ({@code +16502530000}); one that cannot be read as a number is refused. */
    PHONE_E164("phone"),
    /** Already a SHA-256: 64 hex digits, trimmed and lower-cased; anything else is refused, never hashed. */
    SHA256("sha256");

    private final String settingName;

    NamespaceRule(String settingName) {
        this.settingName = settingName;
    }

    public String settingName() {
        return settingName;
    }

    /** The rule a setting names ({@code email}, {@code email-gmail}, {@code phone}, {@code sha256}, {@code trim}). */
    public static NamespaceRule named(String name, String setting) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(rule -> rule.settingName.equals(wanted)).findFirst()
                .orElseThrow(() -> DomainException.invalid(setting, "names no normalisation rule: '" + name
                        + "'; the rules are " + String.join(", ",
                        Arrays.stream(values()).map(NamespaceRule::settingName).toList())));
    }
}
