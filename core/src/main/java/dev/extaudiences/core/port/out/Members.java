package dev.extaudiences.core.port.out;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Audience membership as readers see it, and the removal of what no reader sees any longer. Members come in only by
 * a run's merge ({@link StagedMembers}). Reads take an expiry cutoff computed from the audience's current TTL: a
 * member last ingested at or before it is never returned.
 */
public interface Members {

    Optional<Member> find(TenantScope scope, AudienceId audienceId, Identity identity, Instant expiryCutoff);

    /** Live members of the audience, ordered by namespace then value. */
    Page<Member> list(TenantScope scope, AudienceId audienceId, Instant expiryCutoff, PageRequest page);

    /** Every membership of the identity in the scope, live or not: the caller applies each audience's own TTL. */
    List<Member> memberships(TenantScope scope, Identity identity);

    /** Physically removes at most {@code batchSize} expired members of the audience; answers how many it removed. */
    int removeExpired(TenantScope scope, AudienceId audienceId, Instant expiryCutoff, int batchSize);

    /**
     * Physically removes at most {@code batchSize} rows that full merges replaced (no reader sees them any longer),
     * in one short transaction, so that readers and writers of the audience are never held up for long; answers how
     * many it removed. A store that lets go of a replaced membership at the merge itself answers 0.
     */
    int removeReplaced(TenantScope scope, AudienceId audienceId, int batchSize);

    /**
     * How many member rows the store keeps for the audience, whether readers see them or not (replaced by a full
     * merge, expired but not yet swept): the space the audience takes, which is what housekeeping gives back.
     */
    long storedRows(TenantScope scope, AudienceId audienceId);

    /** Removes every member of the audience (what its runs staged is {@link StagedMembers#removeAll}'s). */
    void removeAll(TenantScope scope, AudienceId audienceId);
}
