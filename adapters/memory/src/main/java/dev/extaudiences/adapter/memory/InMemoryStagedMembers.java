package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Each run's staging in a map. A merge builds the audience's next membership aside and swaps it into
 * {@code members} under that store's lock, so a reader sees the membership before or after a merge, never during it.
 * A merge that finishes its run stores the run's outcome in {@code runs} before the swap, still under the lock: when
 * the outcome is refused, nothing is swapped.
 */
public final class InMemoryStagedMembers implements StagedMembers {

    private record StagingKey(TenantScope scope, AudienceId audienceId, RunId runId) {
    }

    private final Map<StagingKey, LinkedHashMap<Identity, StagedMember>> staged = new HashMap<>();
    private final Map<StagingKey, Long> duplicates = new HashMap<>();
    /** Per run, the spellings of each identity the run staged at least once in another form than its own. */
    private final Map<StagingKey, Map<Identity, Spellings>> respelled = new HashMap<>();
    private final IngestionRuns runs;
    private final InMemoryMembers members;

    /**
     * @param runs    where a merge that finishes a run stores the run's outcome
     * @param members where merges write the membership
     */
    public InMemoryStagedMembers(IngestionRuns runs, InMemoryMembers members) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.members = Objects.requireNonNull(members, "members");
    }

    @Override
    public synchronized void stage(TenantScope scope, AudienceId audienceId, RunId runId, List<StagedMember> batch) {
        StagingKey key = new StagingKey(scope, audienceId, runId);
        var area = staged.computeIfAbsent(key, k -> new LinkedHashMap<>());
        for (StagedMember member : batch) {
            Map<Identity, Spellings> spellings = respelled.get(key);
            Spellings ofIdentity = spellings == null ? null : spellings.get(member.identity());
            if (member.isRespelled() && ofIdentity == null) {
                ofIdentity = new Spellings();
                // every row of it staged before this one was written in the identity's own form
                ofIdentity.ownForm = area.containsKey(member.identity());
                respelled.computeIfAbsent(key, k -> new HashMap<>()).put(member.identity(), ofIdentity);
            }
            if (ofIdentity != null) {
                ofIdentity.add(member);
            }
            // re-inserting moves nothing in a LinkedHashMap; the value is what counts: the last one staged wins
            if (area.put(member.identity(), member) != null) {
                duplicates.merge(key, 1L, Long::sum);
            }
        }
    }

    /**
     * The forms one identity was staged in by a run, kept only for identities staged at least once respelled, so that
     * a run whose rows need no normalisation keeps nothing more than its rows.
     */
    private static final class Spellings {
        final Set<String> respellings = new HashSet<>();
        boolean ownForm;
        long respelledRows;

        void add(StagedMember member) {
            if (member.spelling().isPresent()) {
                respellings.add(member.spelling().get());
                respelledRows++;
            } else {
                ownForm = true;
            }
        }

        /** Its respelled rows, when they collapse: into a member live before, or with a row written otherwise. */
        long collapsed(boolean liveBefore) {
            int forms = respellings.size() + (ownForm ? 1 : 0);
            return liveBefore || forms > 1 ? respelledRows : 0;
        }
    }

    @Override
    public synchronized long stagedDuplicates(TenantScope scope, AudienceId audienceId, RunId runId) {
        return duplicates.getOrDefault(new StagingKey(scope, audienceId, runId), 0L);
    }

    @Override
    public synchronized MergeOutcome merge(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                                           Instant ingestedAt, Instant expiryCutoff) {
        synchronized (members) {
            Merged merged = mergedAside(scope, audienceId, runId, mode, ingestedAt, expiryCutoff);
            commit(merged);
            return merged.outcome();
        }
    }

    @Override
    public synchronized Finish mergeAndFinish(TenantScope scope, AudienceId audienceId, RunId runId,
                                              IngestionMode mode, Instant ingestedAt, Instant expiryCutoff,
                                              Progress progress, Function<MergeOutcome, IngestionRun> finished) {
        // merged in one step, aside, and swapped in: there is no step between to tell progress of
        synchronized (members) {
            Merged merged = mergedAside(scope, audienceId, runId, mode, ingestedAt, expiryCutoff);
            // refused, or failing with an exception: either leaves before the swap, and the membership stays as it was
            IngestionRuns.RunWrite written = runs.update(finished.apply(merged.outcome()));
            if (written != IngestionRuns.RunWrite.WRITTEN) {
                return new Finish.NotFinished(written);
            }
            commit(merged);
            return new Finish.Finished(merged.outcome());
        }
    }

    @Override
    public synchronized MergeOutcome preview(TenantScope scope, AudienceId audienceId, RunId runId,
                                             IngestionMode mode, Instant expiryCutoff) {
        synchronized (members) {
            // the merge's own counting, its result never swapped in: the time it stamps on members goes with them
            return mergedAside(scope, audienceId, runId, mode, expiryCutoff, expiryCutoff).outcome();
        }
    }

    /** An audience's next membership, built aside, and what building it did. */
    private record Merged(StagingKey staging, TreeMap<Identity, Member> after, MergeOutcome outcome) {
    }

    private Merged mergedAside(TenantScope scope, AudienceId audienceId, RunId runId, IngestionMode mode,
                               Instant ingestedAt, Instant expiryCutoff) {
        StagingKey key = new StagingKey(scope, audienceId, runId);
        var incoming = staged.getOrDefault(key, new LinkedHashMap<>());
        TreeMap<Identity, Member> before = members.membersOf(scope, audienceId);
        TreeMap<Identity, Member> after = mode == IngestionMode.FULL ? InMemoryMembers.noMembers()
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
        long collapsed = 0;
        for (Map.Entry<Identity, Spellings> identity : respelled.getOrDefault(key, Map.of()).entrySet()) {
            Member previous = before.get(identity.getKey());
            collapsed += identity.getValue().collapsed(previous != null && previous.isLiveAfter(expiryCutoff));
        }
        long removed = 0;
        if (mode == IngestionMode.FULL) {
            removed = before.values().stream()
                    .filter(member -> member.isLiveAfter(expiryCutoff) && !incoming.containsKey(member.identity()))
                    .count();
        }
        return new Merged(key, after, new MergeOutcome(added, updated, removed,
                Objects.requireNonNullElse(duplicates.get(key), 0L), collapsed));
    }

    private void commit(Merged merged) {
        members.replace(merged.staging().scope(), merged.staging().audienceId(), merged.after());
        staged.remove(merged.staging());
        duplicates.remove(merged.staging());
        respelled.remove(merged.staging());
    }

    @Override
    public synchronized void discard(TenantScope scope, AudienceId audienceId, RunId runId) {
        staged.remove(new StagingKey(scope, audienceId, runId));
        duplicates.remove(new StagingKey(scope, audienceId, runId));
        respelled.remove(new StagingKey(scope, audienceId, runId));
    }

    @Override
    public synchronized void removeAll(TenantScope scope, AudienceId audienceId) {
        staged.keySet().removeIf(key -> key.scope().equals(scope) && key.audienceId().equals(audienceId));
        duplicates.keySet().removeIf(key -> key.scope().equals(scope) && key.audienceId().equals(audienceId));
        respelled.keySet().removeIf(key -> key.scope().equals(scope) && key.audienceId().equals(audienceId));
    }
}
