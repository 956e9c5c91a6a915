package dev.extaudiences.core.tenant;

import java.util.Objects;

/** The authenticated party behind a command: the scope it acts in and the user it acts as. */
public record Caller(TenantScope scope, UserId user) {

    public Caller {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(user, "user");
    }
}
