package dev.extaudiences.core.audience;

import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.source.SourceSpecRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * A create request that has passed every structural rule; its defaults are already applied. What can only be checked
 * against stored state (name uniqueness, the named connection) is checked by the create operation.
 */
public record NewAudience(AudienceName name, Optional<Description> description,
                          Optional<CustomAudienceId> customAudienceId, Fields fields, SourceSpecRequest sourceSpec,
                          Ttl ttl, AudienceType audienceType, OriginName originName, AudienceNamespace namespace,
                          Labels labels, Tags tags, ProfileIngestion profileIngestion,
                          IdentityHandling identityHandling) {

    /** A request that says nothing of its identities (the contract's): kept as normalised, the server's region. */
    public NewAudience(AudienceName name, Optional<Description> description,
                       Optional<CustomAudienceId> customAudienceId, Fields fields, SourceSpecRequest sourceSpec,
                       Ttl ttl, AudienceType audienceType, OriginName originName, AudienceNamespace namespace,
                       Labels labels, Tags tags, ProfileIngestion profileIngestion) {
        this(name, description, customAudienceId, fields, sourceSpec, ttl, audienceType, originName, namespace, labels,
                tags, profileIngestion, IdentityHandling.DEFAULT);
    }

    public NewAudience {
        Objects.requireNonNull(identityHandling, "identityHandling");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(customAudienceId, "customAudienceId");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(sourceSpec, "sourceSpec");
        Objects.requireNonNull(ttl, "ttlInDays");
        Objects.requireNonNull(audienceType, "audienceType");
        Objects.requireNonNull(originName, "originName");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(profileIngestion, "profileIngestion");
    }

    /** The request with only what the contract requires and every default applied. */
    public static NewAudience minimal(String name, Fields fields, SourceSpecRequest sourceSpec) {
        return new NewAudience(new AudienceName(name), Optional.empty(), Optional.empty(), fields, sourceSpec,
                Ttl.DEFAULT, AudienceType.PEOPLE, OriginName.CUSTOM_UPLOAD, AudienceNamespace.DEFAULT, Labels.NONE,
                Tags.NONE, ProfileIngestion.ENABLED);
    }

    public NewAudience withName(String replacement) {
        return new NewAudience(new AudienceName(replacement), description, customAudienceId, fields, sourceSpec, ttl,
                audienceType, originName, namespace, labels, tags, profileIngestion, identityHandling);
    }

    public NewAudience withCustomAudienceId(String replacement) {
        return new NewAudience(name, description, Optional.of(new CustomAudienceId(replacement)), fields, sourceSpec,
                ttl, audienceType, originName, namespace, labels, tags, profileIngestion, identityHandling);
    }

    public NewAudience withSourceSpec(SourceSpecRequest replacement) {
        return new NewAudience(name, description, customAudienceId, fields, replacement, ttl, audienceType,
                originName, namespace, labels, tags, profileIngestion, identityHandling);
    }

    public NewAudience withIdentityHandling(IdentityHandling replacement) {
        return new NewAudience(name, description, customAudienceId, fields, sourceSpec, ttl, audienceType,
                originName, namespace, labels, tags, profileIngestion, replacement);
    }

    public NewAudience withTtl(Ttl replacement) {
        return new NewAudience(name, description, customAudienceId, fields, sourceSpec, replacement, audienceType,
                originName, namespace, labels, tags, profileIngestion, identityHandling);
    }
}
