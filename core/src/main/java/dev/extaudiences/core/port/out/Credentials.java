package dev.extaudiences.core.port.out;

import dev.extaudiences.core.access.AccessRequest;
import dev.extaudiences.core.access.AccessVerdict;

/** Decides who may call, and as which user: static configured tokens, signed JWTs, or anything else. */
public interface Credentials {

    AccessVerdict verify(AccessRequest request);
}
