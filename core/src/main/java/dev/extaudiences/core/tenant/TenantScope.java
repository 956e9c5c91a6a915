package dev.extaudiences.core.tenant;

import dev.extaudiences.core.error.Require;

/**
 * The (org, sandbox) pair every resource lives in. It is part of every port call: a resource of another scope is
 * indistinguishable from one that does not exist.
 */
public record TenantScope(String orgId, String sandboxName) {

    /** The names a refusal of either part gives; how a caller sends them (headers, say) is the adapter's to say. */
    public static final String ORG_ID = "orgId";
    public static final String SANDBOX_NAME = "sandboxName";

    public TenantScope {
        Require.maxLength(Require.notBlank(orgId, ORG_ID), 256, ORG_ID);
        Require.maxLength(Require.notBlank(sandboxName, SANDBOX_NAME), 256, SANDBOX_NAME);
    }

    public static TenantScope of(String orgId, String sandboxName) {
        return new TenantScope(orgId, sandboxName);
    }

    @Override
    public String toString() {
        return orgId + "/" + sandboxName;
    }
}
