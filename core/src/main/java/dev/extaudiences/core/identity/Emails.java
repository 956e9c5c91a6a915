package dev.extaudiences.core.identity;

import java.util.Locale;

/** The email rules: pure text, no judgement of whether an address is deliverable. */
public final class Emails {

    private Emails() {
    }

    /** Trimmed and lower-cased (Google Customer Match and Meta alike). */
    public static String lowerCase(String raw) {
        return raw.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Google's rule for its own addresses: the local part's dots removed (Customer Match formatting guidelines:
     * "remove all periods (.) that precede the domain name in gmail.com and googlemail.com email addresses"), and a
     * {@code +tag}, which Gmail delivers to the same mailbox, dropped. Other domains are left as they are.
     */
    public static String gmailCanonical(String lowerCased) {
        int at = lowerCased.lastIndexOf('@');
        if (at <= 0) {
            return lowerCased;
        }
        String domain = lowerCased.substring(at + 1);
        if (!domain.equals("gmail.com") && !domain.equals("googlemail.com")) {
            return lowerCased;
        }
        String local = lowerCased.substring(0, at);
        int plus = local.indexOf('+');
        if (plus >= 0) {
            local = local.substring(0, plus);
        }
        local = local.replace(".", "");
        // "+tag@gmail.com" or ".@gmail.com" has no mailbox left: keep what was written rather than make "@gmail.com"
        return local.isEmpty() ? lowerCased : local + "@gmail.com";
    }
}
