package dev.extaudiences.core.port.in;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudiencePatch;
import dev.extaudiences.core.tenant.Caller;

/** Changes the description, labels, field labels or TTL of an audience, with replace semantics. */
public interface UpdateAudienceUseCase {

    /** The whole audience after the patch; all or nothing. */
    Audience update(Caller caller, AudienceId id, AudiencePatch patch);
}
