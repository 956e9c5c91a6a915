package dev.extaudiences.core.audience;

import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An external audience: its definition, its access labels and its TTL. Everything but the description, the labels and
 * the TTL is fixed at creation. {@code version} counts accepted changes, so that two concurrent updates can never
 * silently overwrite one another.
 */
public record Audience(AudienceId id, TenantScope scope, AudienceName name, Optional<Description> description,
                       Optional<CustomAudienceId> customAudienceId, Fields fields, SourceSpec sourceSpec, Ttl ttl,
                       AudienceType audienceType, OriginName originName, AudienceNamespace namespace, Labels labels,
                       Tags tags, ProfileIngestion profileIngestion, Stamp created, Stamp updated, long version,
                       IdentityHandling identityHandling) {

    /** An audience that says nothing of its identities: kept as normalised, read in the server's region. */
    public Audience(AudienceId id, TenantScope scope, AudienceName name, Optional<Description> description,
                    Optional<CustomAudienceId> customAudienceId, Fields fields, SourceSpec sourceSpec, Ttl ttl,
                    AudienceType audienceType, OriginName originName, AudienceNamespace namespace, Labels labels,
                    Tags tags, ProfileIngestion profileIngestion, Stamp created, Stamp updated, long version) {
        this(id, scope, name, description, customAudienceId, fields, sourceSpec, ttl, audienceType, originName,
                namespace, labels, tags, profileIngestion, created, updated, version, IdentityHandling.DEFAULT);
    }

    public Audience {
        Objects.requireNonNull(identityHandling, "identityHandling");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(customAudienceId, "customAudienceId");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(sourceSpec, "sourceSpec");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(audienceType, "audienceType");
        Objects.requireNonNull(originName, "originName");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(profileIngestion, "profileIngestion");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
    }

    /** The audience a successful create operation brings into being. */
    public static Audience create(AudienceId id, TenantScope scope, NewAudience request, SourceSpec resolvedSource,
                                  Stamp created) {
        return new Audience(id, scope, request.name(), request.description(), request.customAudienceId(),
                request.fields(), resolvedSource, request.ttl(), request.audienceType(), request.originName(),
                request.namespace(), request.labels(), request.tags(), request.profileIngestion(), created, created, 0,
                request.identityHandling());
    }

    /**
     * Applies a patch with replace semantics: what the patch names replaces the stored value, nothing else moves but
     * the update stamp and the version. All or nothing: an invalid part throws before anything is changed.
     */
    public Audience apply(AudiencePatch patch, Stamp stamp) {
        Fields patchedFields = patch.fieldLabels().isEmpty() ? fields : fields.withLabels(patch.fieldLabels().get());
        return new Audience(id, scope, name, patch.description().applyTo(description), customAudienceId,
                patchedFields, sourceSpec, patch.ttl().orElse(ttl), audienceType, originName, namespace,
                patch.labels().orElse(labels), tags, profileIngestion, created, stamp, version + 1,
                patch.identityStorage().map(identityHandling::withStorage).orElse(identityHandling));
    }

    /** Members last ingested at or before the returned instant have expired by {@code now}. */
    public Instant expiryCutoff(Instant now) {
        return ttl.expiredAtOrBefore(now);
    }
}
