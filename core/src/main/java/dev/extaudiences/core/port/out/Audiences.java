package dev.extaudiences.core.port.out;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudienceName;
import dev.extaudiences.core.audience.CustomAudienceId;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.ResourceKind;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.Optional;

/** Where audiences are kept. Every call is scoped: nothing of another scope is ever read, counted or changed. */
public interface Audiences {

    /**
     * Stores a new audience. The store itself enforces uniqueness of the name and of the custom audience id within the
     * scope, so that two racing creators cannot both win: the loser gets a {@code Duplicate} domain error naming the
     * field.
     */
    void add(Audience audience);

    Optional<Audience> find(TenantScope scope, AudienceId id);

    /**
     * The audience, or the {@code NotFound} refusal that every use case answers for an audience the scope does not
     * have: written once here, so that a use case reaching an audience through another one's port words it alike.
     */
    default Audience existing(TenantScope scope, AudienceId id) {
        return find(scope, id).orElseThrow(() -> DomainException.notFound(ResourceKind.AUDIENCE, id.value()));
    }

    boolean nameTaken(TenantScope scope, AudienceName name);

    boolean customIdTaken(TenantScope scope, CustomAudienceId customAudienceId);

    /** Audiences of the scope, oldest first. */
    Page<Audience> list(TenantScope scope, PageRequest page);

    /** Audiences of every scope, in a stable order: for background work such as the expiry sweeper. */
    Page<Audience> listAll(PageRequest page);

    /**
     * Replaces a stored audience with {@code updated} only if the stored one's version is {@code updated.version() - 1}:
     * an optimistic lock, so a concurrent update is never silently overwritten.
     */
    VersionedWrite replace(Audience updated);

    /**
     * Removes the audience, and nothing else; answers whether it was there. Once removed it is not found, and no run
     * can be added for it ({@link IngestionRuns#add} refuses it with a {@code NotFound} once this has returned).
     * Deleting an audience is the domain's ({@code DeleteAudienceUseCase}), which removes what hangs off it in one
     * documented order: this audience first, so that nothing new attaches to it; then its runs
     * ({@link IngestionRuns#removeAll}), so that a run in progress finds itself gone at its next write and merges
     * nothing; then its members ({@link Members#removeAll}) and what its runs staged ({@link StagedMembers#removeAll}),
     * which no merge can write again since a merge commits only with its run's outcome. A store never removes another
     * store's data here (no cascade): each store has one owner for what it keeps.
     */
    boolean remove(TenantScope scope, AudienceId id);

    /** The outcome of an optimistic write. */
    enum VersionedWrite {
        APPLIED,
        /** Another writer got there first; read again and reapply. */
        STALE,
        /** The audience is gone. */
        MISSING
    }
}
