package dev.extaudiences.core.port.out;

import dev.extaudiences.core.tenant.TenantScope;

/** The data landing zone: one storage per org and sandbox, read by the audiences of cloud type DLZ. */
public interface LandingZone {

    /** The storage of the scope's landing files; two scopes never share one. */
    SourceStorage of(TenantScope scope);
}
