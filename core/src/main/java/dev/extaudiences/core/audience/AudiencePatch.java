package dev.extaudiences.core.audience;

import dev.extaudiences.core.identity.IdentityStorage;
import dev.extaudiences.core.error.DomainException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a PATCH may change, each part either absent (kept) or present (replacing the stored value): the description,
 * the audience's labels, the labels of named fields, and the TTL. Nothing else is patchable.
 */
public record AudiencePatch(DescriptionChange description, Optional<Labels> labels,
                            Optional<Map<FieldName, Labels>> fieldLabels, Optional<Ttl> ttl,
                            Optional<IdentityStorage> identityStorage) {

    /** The body properties a PATCH may carry; any other is refused by name. */
    public static final List<String> PATCHABLE = List.of("description", "labels", "fields", "ttlInDays");

    /**
     * Beyond the contract (an extension): how identities are kept at rest, changeable only while the audience has no
     * members. Not named in the refusal of other properties, which is worded for the contract's clients.
     */
    public static final List<String> EXTENSIONS = List.of("hashedAtRest");

    public static final AudiencePatch NONE = new AudiencePatch(DescriptionChange.KEEP, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public AudiencePatch(DescriptionChange description, Optional<Labels> labels,
                         Optional<Map<FieldName, Labels>> fieldLabels, Optional<Ttl> ttl) {
        this(description, labels, fieldLabels, ttl, Optional.empty());
    }

    public AudiencePatch {
        Objects.requireNonNull(identityStorage, "identityStorage");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(ttl, "ttl");
        fieldLabels = Objects.requireNonNull(fieldLabels, "fieldLabels").map(Map::copyOf);
    }

    /** Refuses, by name, the first property that a PATCH may not change. */
    public static void requireOnlyPatchable(Collection<String> propertyNames) {
        for (String property : propertyNames) {
            if (!PATCHABLE.contains(property) && !EXTENSIONS.contains(property)) {
                throw DomainException.invalid(property, "cannot be changed by an update; only "
                        + String.join(", ", PATCHABLE) + " can");
            }
        }
    }

    public AudiencePatch withDescription(Description replacement) {
        return new AudiencePatch(DescriptionChange.to(replacement), labels, fieldLabels, ttl, identityStorage);
    }

    public AudiencePatch withoutDescription() {
        return new AudiencePatch(DescriptionChange.CLEAR, labels, fieldLabels, ttl, identityStorage);
    }

    public AudiencePatch withLabels(Labels replacement) {
        return new AudiencePatch(description, Optional.of(replacement), fieldLabels, ttl, identityStorage);
    }

    public AudiencePatch withFieldLabels(Map<FieldName, Labels> replacement) {
        Map<FieldName, Labels> copy = new LinkedHashMap<>(replacement);
        return new AudiencePatch(description, labels, Optional.of(copy), ttl, identityStorage);
    }

    public AudiencePatch withTtl(Ttl replacement) {
        return new AudiencePatch(description, labels, fieldLabels, Optional.of(replacement), identityStorage);
    }

    public AudiencePatch withIdentityStorage(IdentityStorage replacement) {
        return new AudiencePatch(description, labels, fieldLabels, ttl, Optional.of(replacement));
    }

    /** A description part: keep the stored one, clear it (JSON {@code null}), or replace it. */
    public sealed interface DescriptionChange {
        Keep KEEP = new Keep();
        Clear CLEAR = new Clear();

        static DescriptionChange to(Description value) {
            return new Replace(value);
        }

        Optional<Description> applyTo(Optional<Description> current);

        record Keep() implements DescriptionChange {
            @Override
            public Optional<Description> applyTo(Optional<Description> current) {
                return current;
            }
        }

        record Clear() implements DescriptionChange {
            @Override
            public Optional<Description> applyTo(Optional<Description> current) {
                return Optional.empty();
            }
        }

        record Replace(Description value) implements DescriptionChange {
            public Replace {
                Objects.requireNonNull(value, "value");
            }

            @Override
            public Optional<Description> applyTo(Optional<Description> current) {
                return Optional.of(value);
            }
        }
    }
}
