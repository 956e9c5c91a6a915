package dev.extaudiences.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.run.RunWindow;
import dev.extaudiences.core.run.Stage;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * What every {@link StagedMembers} store guarantees, as read through the {@link Members} store it merges into. Rule
 * ids are stable: MEM-nn, numbered with {@link MembersContract}'s, since the two stores were one port. The properties
 * compare the stores with a reference model: a map from identity to member, merged by hand.
 */
public abstract class StagedMembersContract extends StoresContract {

    private static final Comparator<Member> ORDER = Comparator.comparing((Member m) -> m.identity().namespace().code())
            .thenComparing(m -> m.identity().value());

    private StagedMembers stagedMembers() {
        return stores.stagedMembers();
    }

    private Members members() {
        return stores.members();
    }

    /** One run's worth of work in a property: what it stages, how it merges, and how long after the previous one. */
    private record Step(List<StagedMember> batch, IngestionMode mode, int hoursLater) {
    }

    private static Gen<List<Step>> plans() {
        return lists().of(Generators.stagedBatches().zip(Generate.enumValues(IngestionMode.class),
                integers().between(0, 48), Step::new)).ofSizeBetween(1, 5);
    }

    @Test
    @DisplayName("MEM-01: after any sequence of merges, live membership and merge counts (what normalisation collapsed among them) equal the reference model")
    void mem01_mergesMatchReference() {
        Property.forAll(60, plans(), plan -> {
            Audience audience = storedAudience();
            Map<Identity, Member> model = new LinkedHashMap<>();
            Instant at = Generators.EPOCH;
            for (Step step : plan) {
                at = at.plus(Duration.ofHours(step.hoursLater()));
                Instant cutoff = audience.expiryCutoff(at);
                MergeOutcome expected = mergeIntoModel(model, audience.id(), step, at, cutoff);

                MergeOutcome actual = stageAndMerge(audience, step.batch(), step.mode(), at, cutoff);

                assertThat(actual).as("merge counts").isEqualTo(expected);
                List<Member> live = model.values().stream().filter(m -> m.isLiveAfter(cutoff)).sorted(ORDER).toList();
                assertThat(members().list(audience.scope(), audience.id(), cutoff, new PageRequest(0, 1000)).items())
                        .containsExactlyElementsOf(live);
            }
        });
    }

    private static MergeOutcome mergeIntoModel(Map<Identity, Member> model, AudienceId audienceId, Step step,
                                               Instant at, Instant cutoff) {
        Map<Identity, StagedMember> lastWins = new LinkedHashMap<>();
        step.batch().forEach(member -> lastWins.put(member.identity(), member));
        long added = 0;
        long updated = 0;
        long removed = 0;
        long duplicates = step.batch().size() - lastWins.size();
        for (Identity identity : lastWins.keySet()) {
            Member before = model.get(identity);
            if (before != null && before.isLiveAfter(cutoff)) {
                updated++;
            } else {
                added++;
            }
        }
        long collapsed = 0;
        for (Identity identity : lastWins.keySet()) {
            // every row of the identity, duplicates included; its own form (no spelling) is one form among them
            List<Optional<String>> forms = step.batch().stream().filter(member -> member.identity().equals(identity))
                    .map(StagedMember::spelling).toList();
            long respelled = forms.stream().filter(Optional::isPresent).count();
            Member before = model.get(identity);
            boolean liveBefore = before != null && before.isLiveAfter(cutoff);
            if (liveBefore || forms.stream().distinct().count() > 1) {
                collapsed += respelled;
            }
        }
        if (step.mode() == IngestionMode.FULL) {
            removed = model.values().stream()
                    .filter(m -> m.isLiveAfter(cutoff) && !lastWins.containsKey(m.identity())).count();
            model.clear();
        }
        lastWins.values().forEach(member -> model.put(member.identity(),
                new Member(audienceId, member.identity(), member.attributes(), at)));
        return new MergeOutcome(added, updated, removed, duplicates, collapsed);
    }

    @Test
    @DisplayName("MEM-02: a full merge leaves exactly what the run staged; a differential merge keeps the rest")
    void mem02_fullReplacesDifferentialUpserts() {
        Audience audience = storedAudience();
        Instant first = Generators.EPOCH;
        Instant cutoff = audience.expiryCutoff(first.plusSeconds(60));
        stageAndMerge(audience, List.of(staged("a"), staged("b")), IngestionMode.DIFFERENTIAL, first, cutoff);

        stageAndMerge(audience, List.of(staged("c")), IngestionMode.DIFFERENTIAL, first.plusSeconds(10), cutoff);
        assertThat(values(audience, cutoff)).containsExactly("a@x", "b@x", "c@x");

        MergeOutcome full = stageAndMerge(audience, List.of(staged("b"), staged("d")), IngestionMode.FULL,
                first.plusSeconds(20), cutoff);
        assertThat(values(audience, cutoff)).containsExactly("b@x", "d@x");
        assertThat(full).isEqualTo(new MergeOutcome(1, 1, 2, 0));
    }

    @Test
    @DisplayName("MEM-03: staged members are invisible until the merge; a discarded staging area changes nothing")
    void mem03_stagingInvisibleAndDiscardable() {
        Audience audience = storedAudience();
        Instant cutoff = audience.expiryCutoff(Generators.EPOCH);
        stageAndMerge(audience, List.of(staged("a")), IngestionMode.DIFFERENTIAL, Generators.EPOCH, cutoff);
        RunId run = newRunId();

        stagedMembers().stage(audience.scope(), audience.id(), run, List.of(staged("b"), staged("c")));
        assertThat(values(audience, cutoff)).containsExactly("a@x");
        assertThat(members().find(audience.scope(), audience.id(), staged("b").identity(), cutoff)).isEmpty();

        stagedMembers().discard(audience.scope(), audience.id(), run);
        MergeOutcome afterDiscard = stagedMembers().merge(audience.scope(), audience.id(), run, IngestionMode.FULL,
                Generators.EPOCH.plusSeconds(1), cutoff);
        assertThat(afterDiscard).isEqualTo(new MergeOutcome(0, 0, 1, 0));
        assertThat(values(audience, cutoff)).isEmpty();
    }

    @Test
    @DisplayName("MEM-09: an identity staged again in a run counts as a duplicate, and the last one staged wins")
    void mem09_stagingCountsDuplicates() {
        Audience audience = storedAudience();
        RunId run = newRunId();
        StagedMember lastA = new StagedMember(Identity.of("email", "a@x"), Map.of("tier", "last"));

        stagedMembers().stage(audience.scope(), audience.id(), run, List.of(staged("a"), staged("b"), staged("a")));
        stagedMembers().stage(audience.scope(), audience.id(), run, List.of(staged("b"), staged("c"), lastA));

        assertThat(stagedMembers().stagedDuplicates(audience.scope(), audience.id(), run)).isEqualTo(3);
        assertThat(stagedMembers().merge(audience.scope(), audience.id(), run, IngestionMode.DIFFERENTIAL,
                Generators.EPOCH, audience.expiryCutoff(Generators.EPOCH))).isEqualTo(new MergeOutcome(3, 0, 0, 3));
        assertThat(members().find(audience.scope(), audience.id(), lastA.identity(),
                audience.expiryCutoff(Generators.EPOCH)).orElseThrow().attributes()).isEqualTo(Map.of("tier", "last"));
    }

    @Test
    @DisplayName("MEM-10: a merge that finishes its run answers Finished and stores both, or, for a run that has ended or is gone, NotFinished naming which, with nothing merged and the staging kept")
    void mem10_mergeAndFinishAnswersItsOutcome() {
        Audience audience = storedAudience();
        Instant at = Generators.EPOCH.plusSeconds(10);
        Instant cutoff = audience.expiryCutoff(at);
        IngestionRun running = startedRun(audience, Generators.EPOCH);
        stagedMembers().stage(audience.scope(), audience.id(), running.id(), List.of(staged("a"), staged("a")));

        StagedMembers.Finish finished = stagedMembers().mergeAndFinish(audience.scope(), audience.id(), running.id(),
                IngestionMode.DIFFERENTIAL, at, cutoff, StagedMembers.Progress.UNWATCHED,
                outcome -> succeeded(running, at));

        assertThat(finished).isEqualTo(new StagedMembers.Finish.Finished(new MergeOutcome(1, 0, 0, 1)));
        assertThat(values(audience, cutoff)).containsExactly("a@x");
        assertThat(stores.runs().find(audience.scope(), audience.id(), running.id())).contains(succeeded(running, at));

        stagedMembers().stage(audience.scope(), audience.id(), running.id(), List.of(staged("b")));
        StagedMembers.Finish ended = stagedMembers().mergeAndFinish(audience.scope(), audience.id(), running.id(),
                IngestionMode.FULL, at.plusSeconds(1), cutoff, StagedMembers.Progress.UNWATCHED,
                outcome -> failed(running, at.plusSeconds(1)));

        assertThat(ended).isEqualTo(new StagedMembers.Finish.NotFinished(IngestionRuns.RunWrite.ALREADY_ENDED));
        assertThat(values(audience, cutoff)).as("nothing merged").containsExactly("a@x");
        assertThat(stores.runs().find(audience.scope(), audience.id(), running.id())).as("the run as it ended")
                .contains(succeeded(running, at));
        assertThat(stagedMembers().merge(audience.scope(), audience.id(), running.id(), IngestionMode.DIFFERENTIAL,
                at.plusSeconds(2), cutoff)).as("the staging kept for the caller")
                .isEqualTo(new MergeOutcome(1, 0, 0, 0));

        IngestionRun removed = startedRun(audience, Generators.EPOCH.plusSeconds(20));
        stores.runs().removeAll(audience.scope(), audience.id());
        stagedMembers().stage(audience.scope(), audience.id(), removed.id(), List.of(staged("c")));
        StagedMembers.Finish gone = stagedMembers().mergeAndFinish(audience.scope(), audience.id(), removed.id(),
                IngestionMode.DIFFERENTIAL, at.plusSeconds(3), cutoff, StagedMembers.Progress.UNWATCHED,
                outcome -> failed(removed, at.plusSeconds(3)));

        assertThat(gone).isEqualTo(new StagedMembers.Finish.NotFinished(IngestionRuns.RunWrite.GONE));
        assertThat(values(audience, cutoff)).as("nothing merged").containsExactly("a@x", "b@x");
        assertThat(stores.runs().find(audience.scope(), audience.id(), removed.id())).isEmpty();
        stagedMembers().discard(audience.scope(), audience.id(), removed.id());
    }

    /**
     * A store that merges in one step tells no progress, and this rule holds of it as it stands; one that merges in
     * steps is held to what a caller polling the run may read into it.
     */
    @Test
    @DisplayName("MEM-32: a merge tells its progress, if at all, in counts that only grow and never pass the members it finally wrote, and while it tells, readers still see the membership as it was before the merge")
    void mem32_progressGrowsAndStaysUnseen() {
        Property.forAll(40, plans(), plan -> {
            Audience audience = storedAudience();
            Instant at = Generators.EPOCH;
            for (Step step : plan) {
                at = at.plus(Duration.ofHours(step.hoursLater()));
                Instant ended = at;
                Instant cutoff = audience.expiryCutoff(at);
                List<Member> before = members().list(audience.scope(), audience.id(), cutoff,
                        new PageRequest(0, 1000)).items();
                IngestionRun running = startedRun(audience, at);
                int half = step.batch().size() / 2;
                stagedMembers().stage(audience.scope(), audience.id(), running.id(), step.batch().subList(0, half));
                stagedMembers().stage(audience.scope(), audience.id(), running.id(),
                        step.batch().subList(half, step.batch().size()));
                List<Long> told = new ArrayList<>();
                List<List<Member>> seen = new ArrayList<>();

                StagedMembers.Finish finish = stagedMembers().mergeAndFinish(audience.scope(), audience.id(),
                        running.id(), step.mode(), at, cutoff, written -> {
                            told.add(written);
                            seen.add(members().list(audience.scope(), audience.id(), cutoff,
                                    new PageRequest(0, 1000)).items());
                            return IngestionRuns.RunWrite.WRITTEN;
                        }, outcome -> succeeded(running, ended));

                assertThat(finish).isInstanceOf(StagedMembers.Finish.Finished.class);
                MergeOutcome outcome = ((StagedMembers.Finish.Finished) finish).outcome();
                for (int i = 1; i < told.size(); i++) {
                    assertThat(told.get(i)).as("progress told after " + told.subList(0, i))
                            .isGreaterThan(told.get(i - 1));
                }
                assertThat(told).as("progress told, against %s", outcome)
                        .allSatisfy(written -> assertThat(written).isBetween(1L, outcome.added() + outcome.updated()));
                assertThat(seen).as("the membership readers saw while the merge told its progress")
                        .allSatisfy(members -> assertThat(members).isEqualTo(before));
            }
        });
    }

    @Test
    @DisplayName("MEM-33: a merge whose progress is answered that its run has ended or is gone stops: NotFinished naming which, nothing merged, the run as stored and the staging kept")
    void mem33_progressRefusedStopsTheMerge() {
        for (IngestionRuns.RunWrite refusal : List.of(IngestionRuns.RunWrite.ALREADY_ENDED,
                IngestionRuns.RunWrite.GONE)) {
            Audience audience = storedAudience();
            Instant at = Generators.EPOCH.plusSeconds(10);
            Instant cutoff = audience.expiryCutoff(at);
            IngestionRun running = startedRun(audience, Generators.EPOCH);
            List<StagedMember> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(staged("m" + (i * 7919 % 1000)));
            }
            stagedMembers().stage(audience.scope(), audience.id(), running.id(), batch);
            List<Long> told = new ArrayList<>();

            StagedMembers.Finish finish = stagedMembers().mergeAndFinish(audience.scope(), audience.id(),
                    running.id(), IngestionMode.FULL, at, cutoff, written -> {
                        told.add(written);
                        return refusal;
                    }, outcome -> succeeded(running, at));

            if (told.isEmpty()) {
                // merged in one step: nothing to stop
                assertThat(finish).isInstanceOf(StagedMembers.Finish.Finished.class);
                continue;
            }
            assertThat(told).as("told once, and stopped").hasSize(1);
            assertThat(finish).isEqualTo(new StagedMembers.Finish.NotFinished(refusal));
            assertThat(values(audience, cutoff)).as("nothing merged").isEmpty();
            assertThat(stores.runs().find(audience.scope(), audience.id(), running.id())).as("the run as stored")
                    .contains(running);
            assertThat(stagedMembers().merge(audience.scope(), audience.id(), running.id(), IngestionMode.FULL, at,
                    cutoff)).as("the staging kept for the caller").isEqualTo(new MergeOutcome(200, 0, 0, 0));
        }
    }

    private IngestionRun startedRun(Audience audience, Instant at) {
        IngestionRun run = IngestionRun.start(new RunId(UUID.randomUUID().toString()), audience,
                new RunRequest(new RunWindow(at.minusSeconds(3600), Optional.empty()), IngestionMode.DIFFERENTIAL),
                new Stamp(new UserId("starter@example.com"), at), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        stores.runs().add(run);
        return run;
    }

    private static IngestionRun succeeded(IngestionRun run, Instant at) {
        IngestionRun done = run.on(new RunEvent.StageStarted(Stage.DATASET_INGEST), at)
                .on(new RunEvent.StageSucceeded(Stage.DATASET_INGEST), at);
        return done.isInProgress() ? done.on(new RunEvent.StageStarted(Stage.PROFILE_STORE_INGEST), at)
                .on(new RunEvent.StageSucceeded(Stage.PROFILE_STORE_INGEST), at) : done;
    }

    private static IngestionRun failed(IngestionRun run, Instant at) {
        return run.on(new RunEvent.Abandoned(new RunFailure(RunFailure.Cause.INTERRUPTED, "test")), at);
    }

    /** Text a store's bulk path must carry as it is: its quotes, escapes, separators and line ends, and non-ASCII. */
    private static Gen<String> awkwardText() {
        Gen<Character> c = Generate.pick(List.of('a', 'N', '"', '\'', '\\', '\t', '\n', '\r', ',', ';', '{', '}',
                ':', '.', ' ', '\u0001', '\u007f', 'é', '€', '\ud83d', '\ude00'));
        return lists().of(c).ofSizeBetween(1, 12).map(chars -> {
            StringBuilder text = new StringBuilder("v");
            chars.forEach(text::append);
            // a lone half of a surrogate pair is not text any store can keep: pair them up or leave them out
            return text.toString().replace("\ud83d\ude00", "\u263a").replaceAll("[\ud800-\udfff]", "?");
        });
    }

    @Test
    @DisplayName("MEM-12: identity values and attributes come back as staged, whatever characters they hold")
    void mem12_anyTextRoundTrips() {
        Gen<StagedMember> members = awkwardText().zip(awkwardText(), awkwardText(), (value, tier, note) ->
                new StagedMember(Identity.of("email", value), Map.of("tier", tier, "note\t\"" + note.length(), note)));
        Property.forAll(40, lists().of(members).ofSizeBetween(1, 20), batch -> {
            Audience audience = storedAudience();
            Instant at = Generators.EPOCH;
            stageAndMerge(audience, batch, IngestionMode.FULL, at, audience.expiryCutoff(at));

            Map<Identity, StagedMember> lastWins = new LinkedHashMap<>();
            batch.forEach(member -> lastWins.put(member.identity(), member));
            List<Member> read = members().list(audience.scope(), audience.id(), audience.expiryCutoff(at),
                    new PageRequest(0, 1000)).items();
            assertThat(read).hasSize(lastWins.size());
            for (Member member : read) {
                assertThat(lastWins).containsKey(member.identity());
                assertThat(member.attributes()).isEqualTo(lastWins.get(member.identity()).attributes());
            }
        });
    }

    @Test
    @DisplayName("MEM-13: the rows a full merge replaced go, whatever characters their identities hold, and the current membership's stay")
    void mem13_replacedRowsGoWhateverTheirText() {
        // the replaced membership, then the current one
        Property.forAll(30, twoSetsOfAwkwardIdentities(), sets -> {
            Audience audience = storedAudience();
            Instant at = Generators.EPOCH;
            Instant cutoff = audience.expiryCutoff(at);
            stageAndMerge(audience, emails(sets.get(0)), IngestionMode.FULL, at, cutoff);
            stageAndMerge(audience, emails(sets.get(1)), IngestionMode.FULL, at.plusSeconds(10), cutoff);

            while (members().removeReplaced(audience.scope(), audience.id(), 3) > 0) {
                // a batch at a time, until none is left
            }

            assertStoredExactly(audience, sets.get(1));
        });
    }

    @Test
    @DisplayName("MEM-14: expired members go whatever characters their identities hold, and a member re-ingested since stays")
    void mem14_expiredMembersGoWhateverTheirText() {
        // the members ingested long ago, then those ingested again since
        Property.forAll(30, twoSetsOfAwkwardIdentities(), sets -> {
            Audience audience = storedAudience();
            Instant old = Generators.EPOCH;
            Instant recent = old.plus(java.time.Duration.ofDays(10));
            stageAndMerge(audience, emails(sets.get(0)), IngestionMode.DIFFERENTIAL, old, audience.expiryCutoff(old));
            stageAndMerge(audience, emails(sets.get(1)), IngestionMode.DIFFERENTIAL, recent,
                    audience.expiryCutoff(recent));

            while (members().removeExpired(audience.scope(), audience.id(), old, 3) > 0) {
                // a batch at a time, until none is left
            }

            assertStoredExactly(audience, sets.get(1));
        });
    }

    /** Two lists of identity values, each of one to twelve, made of what a store's bulk paths must carry as it is. */
    private static Gen<List<List<String>>> twoSetsOfAwkwardIdentities() {
        Gen<List<String>> identities = lists().of(awkwardText()).ofSizeBetween(1, 12);
        return identities.zip(identities, List::of);
    }

    /** A member of each email, without attributes. */
    private static List<StagedMember> emails(List<String> values) {
        return values.stream().map(value -> new StagedMember(Identity.of("email", value), Map.of())).toList();
    }

    /** The audience stores a row for each of these emails and no other, and readers see them all. */
    private void assertStoredExactly(Audience audience, List<String> emails) {
        Set<String> expected = new java.util.TreeSet<>(emails);
        assertThat(members().storedRows(audience.scope(), audience.id())).as("rows left").isEqualTo(expected.size());
        assertThat(members().list(audience.scope(), audience.id(), Instant.EPOCH, new PageRequest(0, 1000)).items())
                .extracting(member -> member.identity().value()).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * A dry run reports a preview; the run that follows it merges. Each plan's last step is previewed, then merged;
     * the steps before it build the members it meets (expired ones among them, as hours pass).
     */
    @Test
    @DisplayName("MEM-31: after any sequence of merges, a preview of the next counts exactly what that merge then does, and changes no member and none of the staging")
    void mem31_previewCountsWhatTheMergeDoes() {
        Property.forAll(60, plans(), plan -> {
            Audience audience = storedAudience();
            Instant at = Generators.EPOCH;
            for (int i = 0; i < plan.size() - 1; i++) {
                at = at.plus(Duration.ofHours(plan.get(i).hoursLater()));
                stageAndMerge(audience, plan.get(i).batch(), plan.get(i).mode(), at, audience.expiryCutoff(at));
            }
            Step next = plan.get(plan.size() - 1);
            at = at.plus(Duration.ofHours(next.hoursLater()));
            Instant cutoff = audience.expiryCutoff(at);
            RunId run = newRunId();
            int half = next.batch().size() / 2;
            stagedMembers().stage(audience.scope(), audience.id(), run, next.batch().subList(0, half));
            stagedMembers().stage(audience.scope(), audience.id(), run,
                    next.batch().subList(half, next.batch().size()));
            List<Member> before = members().list(audience.scope(), audience.id(), Instant.EPOCH,
                    new PageRequest(0, 1000)).items();

            MergeOutcome previewed = stagedMembers().preview(audience.scope(), audience.id(), run, next.mode(),
                    cutoff);

            assertThat(members().list(audience.scope(), audience.id(), Instant.EPOCH, new PageRequest(0, 1000))
                    .items()).as("a preview changes no member").isEqualTo(before);
            MergeOutcome merged = stagedMembers().merge(audience.scope(), audience.id(), run, next.mode(), at,
                    cutoff);
            assertThat(previewed).as("the preview's counts against the merge's").isEqualTo(merged);
        });
    }

    @Test
    @DisplayName("MEM-11: removing what an audience's runs staged drops all of it, and nothing staged for another audience or in another scope")
    void mem11_removeAllStaging() {
        Audience audience = storedAudience();
        Audience sibling = storedAudience(audience.scope());
        Instant cutoff = audience.expiryCutoff(Generators.EPOCH);
        RunId first = newRunId();
        RunId second = newRunId();
        RunId siblings = newRunId();
        stagedMembers().stage(audience.scope(), audience.id(), first, List.of(staged("a"), staged("a")));
        stagedMembers().stage(audience.scope(), audience.id(), second, List.of(staged("b")));
        stagedMembers().stage(sibling.scope(), sibling.id(), siblings, List.of(staged("c")));
        stagedMembers().removeAll(new TenantScope(audience.scope().orgId(), "elsewhere"), audience.id());
        assertThat(stagedMembers().stagedDuplicates(audience.scope(), audience.id(), first))
                .as("kept by a removal in another scope").isEqualTo(1);

        stagedMembers().removeAll(audience.scope(), audience.id());

        assertThat(stagedMembers().stagedDuplicates(audience.scope(), audience.id(), first)).isZero();
        Instant later = Generators.EPOCH.plusSeconds(1);
        assertThat(stagedMembers().merge(audience.scope(), audience.id(), first, IngestionMode.DIFFERENTIAL, later,
                cutoff)).isEqualTo(new MergeOutcome(0, 0, 0, 0));
        assertThat(stagedMembers().merge(audience.scope(), audience.id(), second, IngestionMode.DIFFERENTIAL, later,
                cutoff)).isEqualTo(new MergeOutcome(0, 0, 0, 0));
        assertThat(values(audience, cutoff)).isEmpty();
        assertThat(stagedMembers().merge(sibling.scope(), sibling.id(), siblings, IngestionMode.DIFFERENTIAL, later,
                cutoff)).as("the sibling's staging").isEqualTo(new MergeOutcome(1, 0, 0, 0));
        assertThat(values(sibling, cutoff)).containsExactly("c@x");
    }
}
