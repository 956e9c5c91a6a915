package dev.extaudiences.core.source;

import dev.extaudiences.core.error.DomainException;
import java.util.Objects;
import java.util.Optional;

/**
 * A source spec as a caller sent it. Structurally valid by construction; its cloud type may still be unknown, because
 * the guide's own sample leaves it out and lets the named connection decide. {@link #resolve} settles it once the
 * configured connections can be asked.
 */
public record SourceSpecRequest(SourcePath path, SourceKind kind, Optional<SourceType> sourceType,
                                Optional<CloudType> cloudType, Optional<ConnectionId> baseConnectionId) {

    public SourceSpecRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(cloudType, "cloudType");
        Objects.requireNonNull(baseConnectionId, "baseConnectionId");
        if (cloudType.map(CloudType::connectionNeed).orElse(null) == CloudType.ConnectionNeed.REQUIRED
                && baseConnectionId.isEmpty()) {
            throw DomainException.invalid("sourceSpec.baseConnectionId",
                    "is required when cloudType is " + cloudType.get().displayName());
        }
    }

    public static SourceSpecRequest dlz(String path, SourceKind kind) {
        return new SourceSpecRequest(new SourcePath(path), kind, Optional.empty(), Optional.of(CloudType.DLZ),
                Optional.empty());
    }

    /** The outcome of resolving a request against the configured connections. */
    public sealed interface Resolution {
        record Resolved(SourceSpec spec) implements Resolution {
        }

        record Unresolvable(String reason) implements Resolution {
        }
    }

    /** @param connection the configured connection that {@code baseConnectionId} names, if any */
    public Resolution resolve(Optional<Connection> connection) {
        if (baseConnectionId.isEmpty()) {
            return new Resolution.Resolved(spec(cloudType.orElse(CloudType.DLZ)));
        }
        String id = baseConnectionId.get().value();
        if (connection.isEmpty()) {
            return new Resolution.Unresolvable("baseConnectionId '" + id + "' names no configured connection");
        }
        CloudType actual = connection.get().cloudType();
        if (cloudType.isPresent() && cloudType.get() != actual) {
            return new Resolution.Unresolvable("baseConnectionId '" + id + "' is a " + actual.displayName()
                    + " connection, but cloudType says " + cloudType.get().displayName());
        }
        return new Resolution.Resolved(spec(actual));
    }

    private SourceSpec spec(CloudType resolved) {
        return new SourceSpec(path, kind, sourceType, resolved, baseConnectionId);
    }
}
