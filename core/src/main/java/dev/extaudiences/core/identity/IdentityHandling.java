package dev.extaudiences.core.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * What an audience itself says about its identities (the namespace rules are the server's): how they are kept at
 * rest, and the country its national phone numbers are read in (none: the server's default region).
 */
public record IdentityHandling(IdentityStorage storage, Optional<PhoneRegion> phoneRegion) {

    public static final IdentityHandling DEFAULT = new IdentityHandling(IdentityStorage.NORMALISED, Optional.empty());

    public IdentityHandling {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(phoneRegion, "phoneRegion");
    }

    public IdentityHandling withStorage(IdentityStorage replacement) {
        return new IdentityHandling(replacement, phoneRegion);
    }

    public boolean hashedAtRest() {
        return storage == IdentityStorage.SHA256_OF_NORMALISED;
    }
}
