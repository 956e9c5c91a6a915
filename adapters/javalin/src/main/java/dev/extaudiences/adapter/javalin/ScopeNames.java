package dev.extaudiences.adapter.javalin;

import java.util.regex.Pattern;

/**
 * The shapes of the org ids and sandbox names the HTTP API accepts (the public service's): the one place they are
 * written, read by the caller headers and by whoever configures orgs (a token bound to an org of another shape
 * could never be used).
 */
public final class ScopeNames {

    /** What the shape of an org id is, in words, for a refusal. */
    public static final String ORG_ID_SHAPE = "1 to 128 letters, digits, '-' or '_', then '@AdobeOrg'";
    static final String SANDBOX_NAME_SHAPE = "1 to 128 lower-case letters, digits and hyphens, starting with a "
            + "letter or digit";

    private static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}@AdobeOrg");
    private static final Pattern SANDBOX_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,127}");

    private ScopeNames() {
    }

    public static boolean isOrgId(String value) {
        return ORG_ID.matcher(value).matches();
    }

    static boolean isSandboxName(String value) {
        return SANDBOX_NAME.matcher(value).matches();
    }
}
