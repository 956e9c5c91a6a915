package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Membership in maps, one per audience, written only by {@link InMemoryStagedMembers}, which swaps in an audience's
 * next membership whole, under this store's lock.
 */
public final class InMemoryMembers implements Members {

    private record AudienceKey(TenantScope scope, AudienceId audienceId) {
    }

    private static final Comparator<Identity> IDENTITY_ORDER =
            Comparator.comparing((Identity identity) -> identity.namespace().code()).thenComparing(Identity::value);

    private final Map<AudienceKey, TreeMap<Identity, Member>> live = new HashMap<>();

    @Override
    public synchronized Optional<Member> find(TenantScope scope, AudienceId audienceId, Identity identity,
                                              Instant expiryCutoff) {
        return Optional.ofNullable(membersOf(scope, audienceId).get(identity))
                .filter(member -> member.isLiveAfter(expiryCutoff));
    }

    @Override
    public synchronized Page<Member> list(TenantScope scope, AudienceId audienceId, Instant expiryCutoff,
                                          PageRequest page) {
        return Page.slice(membersOf(scope, audienceId).values().stream()
                .filter(member -> member.isLiveAfter(expiryCutoff)).toList(), page.start(), page.limit());
    }

    @Override
    public synchronized List<Member> memberships(TenantScope scope, Identity identity) {
        List<Member> found = new ArrayList<>();
        live.forEach((key, members) -> {
            if (key.scope().equals(scope) && members.containsKey(identity)) {
                found.add(members.get(identity));
            }
        });
        found.sort(Comparator.comparing(member -> member.audienceId().value()));
        return found;
    }

    @Override
    public synchronized int removeExpired(TenantScope scope, AudienceId audienceId, Instant expiryCutoff,
                                          int batchSize) {
        int removed = 0;
        Iterator<Member> members = membersOf(scope, audienceId).values().iterator();
        while (members.hasNext() && removed < batchSize) {
            if (!members.next().isLiveAfter(expiryCutoff)) {
                members.remove();
                removed++;
            }
        }
        return removed;
    }

    /** The swap at the merge lets go of the replaced membership: nothing is ever left to remove. */
    @Override
    public int removeReplaced(TenantScope scope, AudienceId audienceId, int batchSize) {
        return 0;
    }

    @Override
    public synchronized long storedRows(TenantScope scope, AudienceId audienceId) {
        return membersOf(scope, audienceId).size();
    }

    @Override
    public synchronized void removeAll(TenantScope scope, AudienceId audienceId) {
        live.remove(new AudienceKey(scope, audienceId));
    }

    /** The audience's membership, to be read only under this store's lock (an empty one when it has none). */
    TreeMap<Identity, Member> membersOf(TenantScope scope, AudienceId audienceId) {
        return live.getOrDefault(new AudienceKey(scope, audienceId), noMembers());
    }

    /** Swaps in the audience's next membership; under this store's lock, held by the merge that built it. */
    void replace(TenantScope scope, AudienceId audienceId, TreeMap<Identity, Member> next) {
        live.put(new AudienceKey(scope, audienceId), next);
    }

    static TreeMap<Identity, Member> noMembers() {
        return new TreeMap<>(IDENTITY_ORDER);
    }
}
