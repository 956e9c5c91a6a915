package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Membership in maps. A merge builds the audience's next membership aside and swaps it in under the lock, so a reader
 * sees the membership before or after a merge, never during it. A merge that finishes its run stores the run's
 * outcome in {@code runs} before the swap, still under the lock: when the outcome is refused, nothing is swapped.
 */
public final class InMemoryMembers implements Members {

    private record AudienceKey(TenantScope scope, AudienceId audienceId) {
    }

    private record StagingKey(TenantScope scope, AudienceId audienceId, RunId runId) {
    }

    private static final Comparator<Identity> IDENTITY_ORDER =
            Comparator.comparing((Identity identity) -> identity.namespace().code()).thenComparing(Identity::value);

    private final Map<AudienceKey, TreeMap<Identity, Member>> live = new HashMap<>();
    private final Map<StagingKey, LinkedHashMap<Identity, StagedMember>> staged = new HashMap<>();
    private final Map<StagingKey, Long> duplicates = new HashMap<>();
    private final IngestionRuns runs;

    /** @param runs where a merge that finishes a run stores the run's outcome */
    public InMemoryMembers(IngestionRuns runs) {
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    @Override
    public synchronized void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch) {
        StagingKey key = new StagingKey(scope, audienceId, runId);
        var area = staged.computeIfAbsent(key, k -> new LinkedHashMap<>());
        for (StagedMember member : batch) {
            // re-inserting moves nothing in a LinkedHashMap; the value is what counts: the last one staged wins
            if (area.put(member.identity(), member) != null) {
                duplicates.merge(key, 1L, Long::sum);
            }
        }
    }

    @Override
    public synchronized long stagedDuplicates(TenantScope scope, AudienceId audienceId, RunId runId) {
        return duplicates.getOrDefault(new StagingKey(scope, audienceId, runId), 0L);
    }

    @Override
    public synchronized MergeOutcome merge(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                           Instant ingestedAt, Instant expiryCutoff) {
        Merged merged = mergedAside(scope, audienceId, runId, mode, ingestedAt, expiryCutoff);
        commit(merged);
        return merged.outcome();
    }

    @Override
    public synchronized Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId,
                                              IngestionMode mode, Instant ingestedAt, Instant expiryCutoff,
                                              Function<MergeOutcome, IngestionRun> finished) {
        Merged merged = mergedAside(scope, audienceId, runId, mode, ingestedAt, expiryCutoff);
        // refused, or failing with an exception: either leaves before the swap, and the membership stays as it was
        IngestionRuns.RunWrite written = runs.update(finished.apply(merged.outcome()));
        if (written != IngestionRuns.RunWrite.WRITTEN) {
            return new Finish.NotFinished(written);
        }
        commit(merged);
        return new Finish.Finished(merged.outcome());
    }

    /** An audience's next membership, built aside, and what building it did. */
    private record Merged(StagingKey staging, TreeMap<Identity, Member> after, MergeOutcome outcome) {
    }

    private Merged mergedAside(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                               Instant ingestedAt, Instant expiryCutoff) {
        StagingKey key = new StagingKey(scope, audienceId, runId);
        var incoming = staged.getOrDefault(key, new LinkedHashMap<>());
        TreeMap<Identity, Member> before = live.getOrDefault(new AudienceKey(scope, audienceId),
                new TreeMap<>(IDENTITY_ORDER));
        TreeMap<Identity, Member> after = mode == IngestionMode.FULL ? new TreeMap<>(IDENTITY_ORDER)
                : new TreeMap<>(before);
        long added = 0;
        long updated = 0;
        for (StagedMember member : incoming.values()) {
            Member previous = before.get(member.identity());
            if (previous != null && previous.isLiveAfter(expiryCutoff)) {
                updated++;
            } else {
                added++;
            }
            after.put(member.identity(), new Member(audienceId, member.identity(), member.attributes(), ingestedAt));
        }
        long removed = 0;
        if (mode == IngestionMode.FULL) {
            removed = before.values().stream()
                    .filter(member -> member.isLiveAfter(expiryCutoff) && !incoming.containsKey(member.identity()))
                    .count();
        }
        return new Merged(key, after, new MergeOutcome(added, updated, removed,
                Objects.requireNonNullElse(duplicates.get(key), 0L)));
    }

    private void commit(Merged merged) {
        live.put(new AudienceKey(merged.staging().scope(), merged.staging().audienceId()), merged.after());
        staged.remove(merged.staging());
        duplicates.remove(merged.staging());
    }

    @Override
    public synchronized void discard(TenantScope scope, AudienceId audienceId, RunId runId) {
        staged.remove(new StagingKey(scope, audienceId, runId));
        duplicates.remove(new StagingKey(scope, audienceId, runId));
    }

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
        staged.keySet().removeIf(key -> key.scope().equals(scope) && key.audienceId().equals(audienceId));
        duplicates.keySet().removeIf(key -> key.scope().equals(scope) && key.audienceId().equals(audienceId));
    }

    private TreeMap<Identity, Member> membersOf(TenantScope scope, AudienceId audienceId) {
        return live.getOrDefault(new AudienceKey(scope, audienceId), new TreeMap<>(IDENTITY_ORDER));
    }
}
