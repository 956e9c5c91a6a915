package dev.extaudiences.testkit.gen;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudienceName;
import dev.extaudiences.core.audience.AudienceNamespace;
import dev.extaudiences.core.audience.AudiencePatch;
import dev.extaudiences.core.audience.AudienceType;
import dev.extaudiences.core.audience.CustomAudienceId;
import dev.extaudiences.core.audience.Description;
import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.audience.Label;
import dev.extaudiences.core.audience.Labels;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.audience.OriginName;
import dev.extaudiences.core.audience.ProfileIngestion;
import dev.extaudiences.core.audience.Tags;
import dev.extaudiences.core.audience.Ttl;
import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.identity.IdentityStorage;
import dev.extaudiences.core.identity.PhoneRegion;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.run.IdentityMatches;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.RunCounts;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.run.RunWindow;
import dev.extaudiences.core.run.Stage;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Generators of valid (and deliberately invalid) domain values, shared by contracts and specifications. */
public final class Generators {

    /** A fixed point in time, far enough from any epoch edge, that examples build their instants around. */
    public static final Instant EPOCH = Instant.parse("2026-01-15T10:00:00Z");

    private Generators() {
    }

    /** Short lowercase words: readable in shrunk counterexamples. */
    public static Gen<String> words() {
        return strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 8);
    }

    /** Scopes drawn from a small pool, so that collisions (same org, other sandbox) actually happen. */
    public static Gen<TenantScope> scopes() {
        return Generate.pick(List.of("org-a@AdobeOrg", "org-b@AdobeOrg"))
                .zip(Generate.pick(List.of("prod", "dev")), TenantScope::new);
    }

    /** A scope no other test has used: lets contracts share one database between examples. */
    public static TenantScope freshScope() {
        return new TenantScope("org-" + UUID.randomUUID() + "@AdobeOrg", "sandbox");
    }

    public static Gen<UserId> users() {
        return Generate.pick(List.of("alice@example.com", "bob@example.com", "svc-uploader")).map(UserId::new);
    }

    public static Gen<Integer> validTtlDays() {
        return integers().between(Ttl.MIN_DAYS, Ttl.MAX_DAYS);
    }

    public static Gen<Ttl> ttls() {
        return validTtlDays().map(Ttl::ofDays);
    }

    public static Gen<Labels> labels() {
        Gen<Label> label = Generate.pick(List.of("core", "custom", "contract"))
                .zip(Generate.pick(List.of("C1", "C2", "C5", "deep", "I1")), (group, name) -> new Label(group + "/" + name));
        return lists().of(label).ofSizeBetween(0, 3).map(Labels::new);
    }

    public static Gen<Field> fields(boolean identity) {
        Gen<FieldType> type = Generate.enumValues(FieldType.class);
        Gen<Optional<IdentityNamespace>> namespace = identity
                ? Generate.pick(List.of("email", "ECID", "crmId")).map(ns -> Optional.of(new IdentityNamespace(ns)))
                : Generate.constant(Optional.empty());
        return words().zip(type, namespace, labels(),
                (name, t, ns, l) -> new Field(new FieldName(name), identity ? FieldType.STRING : t, ns, l));
    }

    /** One to five fields, names unique, the first an identity. */
    public static Gen<Fields> fieldSets() {
        return fields(true).zip(lists().of(fields(false)).ofSizeBetween(0, 4), (identity, attributes) -> {
            Map<FieldName, Field> unique = new LinkedHashMap<>();
            unique.put(identity.name(), identity);
            attributes.forEach(field -> unique.putIfAbsent(field.name(), field));
            return new Fields(new ArrayList<>(unique.values()));
        });
    }

    public static Gen<SourceSpecRequest> sourceSpecs() {
        return words().zip(Generate.enumValues(SourceKind.class),
                (path, kind) -> SourceSpecRequest.dlz("landing/" + path + (kind == SourceKind.FILE ? ".csv" : ""), kind));
    }

    /** Valid create requests, with every optional part sometimes present. */
    public static Gen<NewAudience> newAudiences() {
        Gen<Optional<Description>> description = words().toOptionals(50).map(o -> o.map(Description::new));
        Gen<Optional<CustomAudienceId>> customId = words().toOptionals(50).map(o -> o.map(w -> new CustomAudienceId("c-" + w)));
        Gen<ProfileIngestion> profile = Generate.enumValues(ProfileIngestion.class);
        Gen<Head> head = words().zip(description, customId, fieldSets(), Head::new);
        return head.zip(sourceSpecs(), ttls(), labels(), profile, (h, spec, ttl, l, p) -> new NewAudience(
                new AudienceName("audience " + h.name()), h.description(), h.customId(), h.fields(), spec, ttl,
                AudienceType.PEOPLE, OriginName.CUSTOM_UPLOAD, AudienceNamespace.DEFAULT, l, Tags.NONE, p));
    }

    /** The first four parts of a create request: QuickTheories zips at most five generators at once. */
    private record Head(String name, Optional<Description> description, Optional<CustomAudienceId> customId,
                        Fields fields) {
    }

    /** Stored audiences in the given scope, each with a fresh id and a unique name and custom id. */
    public static Gen<Audience> audiences(TenantScope scope) {
        return audiences(scope, newAudiences());
    }

    /**
     * Stored audiences that always carry a custom audience id: built, not filtered, because a filter on a 50% chance
     * sometimes runs out of attempts when only one value is drawn.
     */
    public static Gen<Audience> audiencesWithCustomId(TenantScope scope) {
        return audiences(scope, newAudiences().zip(words(), (request, word) -> request.customAudienceId().isPresent()
                ? request : request.withCustomAudienceId("c-" + word)));
    }

    private static Gen<Audience> audiences(TenantScope scope, Gen<NewAudience> requests) {
        return requests.zip(users(), longs().between(0, 86_400 * 30), (request, user, offset) -> {
            String unique = UUID.randomUUID().toString();
            NewAudience named = request.withName(request.name().value() + " " + unique);
            if (named.customAudienceId().isPresent()) {
                named = named.withCustomAudienceId(named.customAudienceId().get().value() + "-" + unique);
            }
            SourceSpec spec = ((SourceSpecRequest.Resolution.Resolved) named.sourceSpec().resolve(Optional.empty())).spec();
            return Audience.create(new AudienceId(UUID.randomUUID().toString()), scope, named, spec,
                    new Stamp(user, EPOCH.plusSeconds(offset)));
        });
    }

    /** Patches that set any subset of the patchable parts of an audience with the given fields. */
    public static Gen<AudiencePatch> patchesFor(Fields fields) {
        List<FieldName> names = fields.values().stream().map(Field::name).toList();
        Gen<Optional<Map<FieldName, Labels>>> fieldLabels = lists().of(Generate.pick(names).zip(labels(), Map::entry))
                .ofSizeBetween(0, names.size())
                .map(entries -> {
                    Map<FieldName, Labels> map = new LinkedHashMap<>();
                    entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
                    return map;
                })
                .toOptionals(50);
        Gen<Integer> descriptionChoice = integers().between(0, 2);
        return descriptionChoice.zip(words(), labels().toOptionals(50), fieldLabels, ttls().toOptionals(50),
                (choice, text, labels, perField, ttl) -> {
                    AudiencePatch patch = AudiencePatch.NONE;
                    if (choice == 1) {
                        patch = patch.withDescription(new Description(text));
                    } else if (choice == 2) {
                        patch = patch.withoutDescription();
                    }
                    if (labels.isPresent()) {
                        patch = patch.withLabels(labels.get());
                    }
                    if (perField.isPresent()) {
                        patch = patch.withFieldLabels(perField.get());
                    }
                    if (ttl.isPresent()) {
                        patch = patch.withTtl(ttl.get());
                    }
                    return patch;
                });
    }

    public static Gen<RunWindow> runWindows() {
        return longs().between(0, 86_400L * 365).zip(longs().between(1, 86_400L * 30).toOptionals(50),
                (start, length) -> new RunWindow(EPOCH.minusSeconds(start),
                        length.map(l -> EPOCH.minusSeconds(start).plusSeconds(l))));
    }

    public static Gen<RunRequest> runRequests() {
        return runWindows().zip(Generate.enumValues(IngestionMode.class), RunRequest::new);
    }

    public static Gen<RunFailure> runFailures() {
        return Generate.enumValues(RunFailure.Cause.class).zip(words(), RunFailure::new);
    }

    public static Gen<RunCounts> runCounts() {
        return longs().between(0, 1000).zip(longs().between(0, 1000), longs().between(0, 1000),
                (files, read, added) -> new RunCounts(files, read * 40, read, read / 3, read / 5, added, added / 2,
                        added / 4, added + added / 2, new IdentityMatches(read / 2, read / 7, read / 5)));
    }

    /** How an audience may keep its identities: plain or hashed, with or without a phone region of its own. */
    public static Gen<IdentityHandling> identityHandlings() {
        return Generate.enumValues(IdentityStorage.class).zip(
                Generate.pick(List.of("US", "FR", "GB", "DE", "BR")).toOptionals(50),
                (storage, region) -> new IdentityHandling(storage, region.map(PhoneRegion::new)));
    }

    /** Any run event, legal or not in whatever state it meets. */
    public static Gen<RunEvent> runEvents() {
        Gen<Stage> stage = Generate.enumValues(Stage.class);
        return Generate.oneOf(
                stage.map(RunEvent.StageStarted::new),
                stage.map(RunEvent.StageSucceeded::new),
                stage.zip(runFailures(), RunEvent.StageFailed::new),
                runFailures().map(RunEvent.Abandoned::new),
                users().map(RunEvent.Cancelled::new),
                runCounts().map(counts -> new RunEvent.Progressed(counts)));
    }

    public static Gen<Identity> identities() {
        return Generate.pick(List.of("email", "ECID")).zip(Generate.pick(List.of("a", "b", "c", "d", "e", "f", "g", "h")),
                (ns, value) -> Identity.of(ns, value + "@example.com"));
    }

    /**
     * Staged members, some of them (about a third) written in another form than their identity's: one of two
     * spellings of it, so that rows of one identity meet in the same spelling, in two, or in their own form.
     */
    public static Gen<StagedMember> stagedMembers() {
        Gen<Optional<Integer>> respelling = integers().between(0, 1).toOptionals(66);
        return identities().zip(words().toOptionals(70), respelling, (identity, tier, spelling) -> new StagedMember(
                identity, tier.map(t -> Map.of("tier", t)).orElse(Map.of()),
                spelling.map(which -> which == 0 ? identity.value().toUpperCase(java.util.Locale.ROOT)
                        : " " + identity.value() + "\t")));
    }

    /** Batches of staged members, with repeated identities on purpose (the last one staged wins). */
    public static Gen<List<StagedMember>> stagedBatches() {
        return lists().of(stagedMembers()).ofSizeBetween(0, 12);
    }

    /** Invalid values for {@code ttlInDays}, as integers. */
    public static Gen<Integer> invalidTtlDays() {
        return Generate.oneOf(integers().between(Integer.MIN_VALUE, Ttl.MIN_DAYS - 1),
                integers().between(Ttl.MAX_DAYS + 1, Integer.MAX_VALUE));
    }
}
