package dev.extaudiences.core.service;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudiencePatch;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Refusal;
import dev.extaudiences.core.error.ResourceKind;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.in.DeleteAudienceUseCase;
import dev.extaudiences.core.port.in.GetAudienceUseCase;
import dev.extaudiences.core.port.in.ListAudiencesUseCase;
import dev.extaudiences.core.port.in.UpdateAudienceUseCase;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Clock;
import java.util.Objects;

/** Reads, updates and deletes existing audiences. */
public final class AudienceManagementService
        implements GetAudienceUseCase, ListAudiencesUseCase, UpdateAudienceUseCase, DeleteAudienceUseCase {

    /** Replace semantics make a retry safe: the patch is simply applied to the fresher state. */
    private static final int UPDATE_ATTEMPTS = 64;

    private final Audiences audiences;
    private final IngestionRuns runs;
    private final StagedMembers stagedMembers;
    private final Members members;
    private final Clock clock;

    public AudienceManagementService(Audiences audiences, IngestionRuns runs, StagedMembers stagedMembers,
                                     Members members, Clock clock) {
        this.audiences = Objects.requireNonNull(audiences);
        this.runs = Objects.requireNonNull(runs);
        this.stagedMembers = Objects.requireNonNull(stagedMembers);
        this.members = Objects.requireNonNull(members);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Audience audience(TenantScope scope, AudienceId id) {
        return audiences.existing(scope, id);
    }

    @Override
    public Page<Audience> audiences(TenantScope scope, PageRequest page) {
        return audiences.list(scope, page);
    }

    @Override
    public Audience update(Caller caller, AudienceId id, AudiencePatch patch) {
        Objects.requireNonNull(patch, "patch");
        if (patch.equals(AudiencePatch.NONE)) {
            // an empty patch changes nothing, not even the update stamp
            return audience(caller.scope(), id);
        }
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Audience current = audience(caller.scope(), id);
            requireStorageChangeable(current, patch);
            Audience updated = current.apply(patch, new Stamp(caller.user(), clock.instant()));
            switch (audiences.replace(updated)) {
                case APPLIED:
                    return updated;
                case MISSING:
                    throw notFound(id);
                case STALE:
                    break;
            }
        }
        throw DomainException.dependencyFailed("audience store",
                "the audience kept changing under this update; try again");
    }

    /**
     * Members stored in one form are never found by lookups of the other: the form changes only while there are none,
     * and no run is in progress (its merge would write the old form). Checked again by the run's merge, which fails a
     * run whose audience changed its storage meanwhile.
     */
    private void requireStorageChangeable(Audience current, AudiencePatch patch) {
        if (patch.identityStorage().isEmpty()
                || patch.identityStorage().get() == current.identityHandling().storage()) {
            return;
        }
        long stored = members.storedRows(current.scope(), current.id());
        if (stored > 0) {
            throw DomainException.unprocessable(Refusal.IDENTITY_STORAGE_LOCKED, "hashedAtRest cannot change once the"
                    + " audience has members (it has " + stored + " stored): delete the audience and create it again");
        }
        runs.inProgress(current.scope(), current.id()).ifPresent(running -> {
            throw DomainException.unprocessable(Refusal.IDENTITY_STORAGE_LOCKED, "hashedAtRest cannot change while run "
                    + running.id() + " of this audience is in progress");
        });
    }

    /**
     * The one owner of an audience's deletion, in this order (see {@link Audiences#remove}): the audience, so that
     * nothing new attaches to it; its runs, so that a run in progress stops quietly at its next write (answered GONE)
     * and drops its staging; its members, then what its runs staged, last, since no run is left to merge into them.
     * A failure part way leaves rows of an audience that is gone, which no reader sees (every read goes through the
     * audience); they are not merged into anything again.
     */
    @Override
    public void delete(TenantScope scope, AudienceId id) {
        if (!audiences.remove(scope, id)) {
            throw notFound(id);
        }
        runs.removeAll(scope, id);
        members.removeAll(scope, id);
        stagedMembers.removeAll(scope, id);
    }

    private static DomainException notFound(AudienceId id) {
        return DomainException.notFound(ResourceKind.AUDIENCE, id.value());
    }
}
