package dev.extaudiences.core.port.in;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.tenant.TenantScope;

/** Pages through the audiences of a scope, oldest first. */
public interface ListAudiencesUseCase {

    Page<Audience> audiences(TenantScope scope, PageRequest page);
}
