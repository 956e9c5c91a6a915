package dev.extaudiences.core.tenant;

import dev.extaudiences.core.error.Require;

/**
 * The (org, sandbox) pair every resource lives in. It is part of every port call: a resource of another scope is
 * indistinguishable from one that does not exist.
 */
public record TenantScope(String orgId, String sandboxName) {

    public TenantScope {
        Require.maxLength(Require.notBlank(orgId, "x-gw-ims-org-id"), 256, "x-gw-ims-org-id");
        Require.maxLength(Require.notBlank(sandboxName, "x-sandbox-name"), 256, "x-sandbox-name");
    }

    public static TenantScope of(String orgId, String sandboxName) {
        return new TenantScope(orgId, sandboxName);
    }

    @Override
    public String toString() {
        return orgId + "/" + sandboxName;
    }
}
