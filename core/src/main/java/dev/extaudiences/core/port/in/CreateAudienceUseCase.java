package dev.extaudiences.core.port.in;

import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.tenant.Caller;

/** Starts the asynchronous creation of an audience. */
public interface CreateAudienceUseCase {

    /**
     * Accepts a structurally valid request and answers at once with a processing operation; the audience comes into
     * being (or the operation fails with a reason) after the call returns. A name or custom audience id already taken
     * in the caller's scope is refused here with a {@code Duplicate} error.
     */
    Operation create(Caller caller, NewAudience request);
}
