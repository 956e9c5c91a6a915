package dev.extaudiences.core.source;

import java.util.Objects;
import java.util.Optional;

/** A resolved source: where an audience's files are read from on every run. */
public record SourceSpec(SourcePath path, SourceKind kind, Optional<SourceType> sourceType, CloudType cloudType,
                         Optional<ConnectionId> baseConnectionId) {

    public SourceSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(cloudType, "cloudType");
        Objects.requireNonNull(baseConnectionId, "baseConnectionId");
    }

    public static SourceSpec dlz(String path, SourceKind kind) {
        return new SourceSpec(new SourcePath(path), kind, Optional.empty(), CloudType.DLZ, Optional.empty());
    }
}
