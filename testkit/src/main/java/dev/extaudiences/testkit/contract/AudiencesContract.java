package dev.extaudiences.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudiencePatch;
import dev.extaudiences.core.audience.Description;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.identity.IdentityStorage;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.Audiences.VersionedWrite;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.Race;
import dev.extaudiences.testkit.gen.Generators;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** What every {@link Audiences} store guarantees. Rule ids are stable: AUD-nn. */
public abstract class AudiencesContract extends StoresContract {

    private Audiences audiences() {
        return stores.audiences();
    }

    @Test
    @DisplayName("AUD-01: a stored audience reads back equal, in its own scope")
    void aud01_roundTrip() {
        Property.forAll(Generators.audiences(freshScope()), audience -> {
            audiences().add(audience);
            assertThat(audiences().find(audience.scope(), audience.id())).contains(audience);
            assertThat(audiences().nameTaken(audience.scope(), audience.name())).isTrue();
            audience.customAudienceId().ifPresent(id ->
                    assertThat(audiences().customIdTaken(audience.scope(), id)).isTrue());
        });
    }

    @Test
    @DisplayName("AUD-02: a name is unique per scope: a second audience with it is a Duplicate on 'name'; another scope may use it")
    void aud02_nameUniquePerScope() {
        TenantScope scope = freshScope();
        Audience first = storedAudience(scope);
        Audience sameName = withNameOf(one(Generators.audiences(scope)), first);

        Throwable refused = catchThrowable(() -> audiences().add(sameName));

        assertThat(refused).isInstanceOf(DomainException.class);
        assertThat(((DomainException) refused).error()).isEqualTo(new DomainError.Duplicate("name", first.name().value()));
        assertThat(audiences().find(scope, sameName.id())).isEmpty();
        Audience elsewhere = withNameOf(one(Generators.audiences(freshScope())), first);
        audiences().add(elsewhere);
        assertThat(audiences().find(elsewhere.scope(), elsewhere.id())).contains(elsewhere);
    }

    @Test
    @DisplayName("AUD-03: a custom audience id is unique per scope: a second use is a Duplicate on 'customAudienceId'")
    void aud03_customIdUniquePerScope() {
        TenantScope scope = freshScope();
        Audience first = one(Generators.audiencesWithCustomId(scope));
        audiences().add(first);
        Audience second = one(Generators.audiences(scope));
        Audience sameCustomId = new Audience(second.id(), scope, second.name(), second.description(),
                first.customAudienceId(), second.fields(), second.sourceSpec(), second.ttl(), second.audienceType(),
                second.originName(), second.namespace(), second.labels(), second.tags(), second.profileIngestion(),
                second.created(), second.updated(), 0);

        Throwable refused = catchThrowable(() -> audiences().add(sameCustomId));

        assertThat(refused).isInstanceOf(DomainException.class);
        assertThat(((DomainException) refused).error()).isEqualTo(
                new DomainError.Duplicate("customAudienceId", first.customAudienceId().get().value()));
        assertThat(audiences().find(scope, second.id())).isEmpty();
    }

    @Test
    @DisplayName("AUD-04: nothing of one scope is visible or changeable from another, whatever the mix of calls")
    void aud04_scopeIsolation() {
        Property.forAll(SourceDSL.integers().between(0, 2), otherSandbox -> {
            TenantScope owner = freshScope();
            TenantScope intruder = otherSandbox == 0 ? freshScope()
                    : new TenantScope(owner.orgId(), otherSandbox == 1 ? "other-sandbox" : owner.sandboxName() + "-2");
            Audience audience = storedAudience(owner);
            Audience moved = new Audience(audience.id(), intruder, audience.name(), audience.description(),
                    audience.customAudienceId(), audience.fields(), audience.sourceSpec(), audience.ttl(),
                    audience.audienceType(), audience.originName(), audience.namespace(), audience.labels(),
                    audience.tags(), audience.profileIngestion(), audience.created(), audience.updated(),
                    audience.version() + 1);

            assertThat(audiences().find(intruder, audience.id())).isEmpty();
            assertThat(audiences().nameTaken(intruder, audience.name())).isFalse();
            audience.customAudienceId().ifPresent(id -> assertThat(audiences().customIdTaken(intruder, id)).isFalse());
            assertThat(audiences().list(intruder, PageRequest.first(1000)).items()).isEmpty();
            assertThat(audiences().replace(moved)).isEqualTo(VersionedWrite.MISSING);
            assertThat(audiences().remove(intruder, audience.id())).isFalse();
            assertThat(audiences().find(owner, audience.id())).contains(audience);
        });
    }

    @Test
    @DisplayName("AUD-05: a scope's audiences list oldest first, paged by start and limit, with the total count")
    void aud05_listOldestFirstAndPaged() {
        Property.forAll(20, SourceDSL.integers().between(0, 7).zip(SourceDSL.integers().between(1, 4),
                SourceDSL.integers().between(0, 8), (count, limit, start) -> new int[] {count, limit, start}), shape -> {
            TenantScope scope = freshScope();
            List<Audience> stored = new ArrayList<>();
            for (int i = 0; i < shape[0]; i++) {
                stored.add(storedAudience(scope));
            }
            stored.sort(Comparator.comparing((Audience a) -> a.created().at()).thenComparing(a -> a.id().value()));

            Page<Audience> page = audiences().list(scope, new PageRequest(shape[2], shape[1]));

            assertThat(page.totalCount()).isEqualTo(shape[0]);
            assertThat(page.items()).containsExactlyElementsOf(
                    stored.subList(Math.min(shape[2], stored.size()), Math.min(shape[2] + shape[1], stored.size())));
        });
    }

    @Test
    @DisplayName("AUD-06: replace is optimistic: it applies on the next version only, a stale one changes nothing")
    void aud06_replaceIsOptimistic() {
        Audience audience = storedAudience();
        Stamp later = new Stamp(new UserId("editor"), audience.created().at().plusSeconds(60));
        Audience first = audience.apply(AudiencePatch.NONE.withDescription(new Description("first")), later);
        Audience competing = audience.apply(AudiencePatch.NONE.withDescription(new Description("competing")), later);

        assertThat(audiences().replace(first)).isEqualTo(VersionedWrite.APPLIED);
        assertThat(audiences().replace(competing)).isEqualTo(VersionedWrite.STALE);
        assertThat(audiences().find(audience.scope(), audience.id())).contains(first);
    }

    @Test
    @DisplayName("AUD-07: remove answers true once, then the audience is gone and its name free again")
    void aud07_removeOnce() {
        Audience audience = storedAudience();

        assertThat(audiences().remove(audience.scope(), audience.id())).isTrue();
        assertThat(audiences().remove(audience.scope(), audience.id())).isFalse();
        assertThat(audiences().find(audience.scope(), audience.id())).isEmpty();
        assertThat(audiences().nameTaken(audience.scope(), audience.name())).isFalse();
        Audience replacement = withNameOf(one(Generators.audiences(audience.scope())), audience);
        audiences().add(replacement);
        assertThat(audiences().find(audience.scope(), replacement.id())).contains(replacement);
    }

    @Test
    @DisplayName("AUD-08: of many concurrent adds of one name in one scope, exactly one wins")
    void aud08_concurrentAddsOneWinner() throws Exception {
        TenantScope scope = freshScope();
        Audience template = one(Generators.audiences(scope));

        List<Boolean> added = Race.run(8, i -> {
            Audience contender = withNameOf(one(Generators.audiences(scope)), template);
            return () -> {
                try {
                    audiences().add(contender);
                    return true;
                } catch (DomainException duplicate) {
                    assertThat(duplicate.error()).isInstanceOf(DomainError.Duplicate.class);
                    return false;
                }
            };
        });

        assertThat(added).filteredOn(Boolean::booleanValue).as("winners").hasSize(1);
        assertThat(audiences().list(scope, PageRequest.first(100)).totalCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("AUD-09: an unknown id is simply absent: find is empty, replace MISSING, remove false")
    void aud09_unknownIdAbsent() {
        Audience neverStored = one(Generators.audiences(freshScope()));

        assertThat(audiences().find(neverStored.scope(), neverStored.id())).isEmpty();
        assertThat(audiences().find(neverStored.scope(), new AudienceId("no-such-audience"))).isEmpty();
        assertThat(audiences().replace(neverStored.apply(AudiencePatch.NONE,
                new Stamp(new UserId("u"), neverStored.created().at())))).isEqualTo(VersionedWrite.MISSING);
        assertThat(audiences().remove(neverStored.scope(), neverStored.id())).isFalse();
    }

    @Test
    @DisplayName("AUD-10: listAll pages through the audiences of every scope")
    void aud10_listAllCrossesScopes() {
        Audience first = storedAudience();
        Audience second = storedAudience();
        List<Audience> all = new ArrayList<>();
        Page<Audience> page;
        long start = 0;
        do {
            page = audiences().listAll(new PageRequest(start, 50));
            all.addAll(page.items());
            start += page.count();
        } while (page.count() == 50);

        assertThat(all).contains(first, second);
        assertThat(all).hasSize((int) page.totalCount());
    }

    @Test
    @DisplayName("AUD-11: how an audience keeps its identities (hashed at rest or not, its phone region) reads back as stored, in find, list and listAll, and a replace that changes the storage is kept")
    void aud11_identityHandlingStored() {
        Property.forAll(50, Generators.identityHandlings(), handling -> {
            // a scope of its own per example: the list below is one page of it
            Audience audience = withIdentityHandling(one(Generators.audiences(freshScope())), handling);
            audiences().add(audience);
            assertThat(audiences().find(audience.scope(), audience.id()).orElseThrow().identityHandling())
                    .isEqualTo(audience.identityHandling());
            assertThat(audiences().list(audience.scope(), new PageRequest(0, 40)).items()).contains(audience);

            IdentityStorage other = audience.identityHandling().hashedAtRest() ? IdentityStorage.NORMALISED
                    : IdentityStorage.SHA256_OF_NORMALISED;
            Audience changed = audience.apply(AudiencePatch.NONE.withIdentityStorage(other),
                    new Stamp(new UserId("u"), audience.created().at().plusSeconds(1)));
            assertThat(audiences().replace(changed)).isEqualTo(VersionedWrite.APPLIED);
            Audience read = audiences().find(audience.scope(), audience.id()).orElseThrow();
            assertThat(read.identityHandling().storage()).isEqualTo(other);
            assertThat(read.identityHandling().phoneRegion()).as("the region is fixed at creation")
                    .isEqualTo(audience.identityHandling().phoneRegion());
        });
    }

    static Audience withIdentityHandling(Audience a, IdentityHandling handling) {
        return new Audience(a.id(), a.scope(), a.name(), a.description(), a.customAudienceId(), a.fields(),
                a.sourceSpec(), a.ttl(), a.audienceType(), a.originName(), a.namespace(), a.labels(), a.tags(),
                a.profileIngestion(), a.created(), a.updated(), a.version(), handling);
    }

    private static Audience withNameOf(Audience audience, Audience named) {
        return new Audience(audience.id(), audience.scope(), named.name(), audience.description(), Optional.empty(),
                audience.fields(), audience.sourceSpec(), audience.ttl(), audience.audienceType(),
                audience.originName(), audience.namespace(), audience.labels(), audience.tags(),
                audience.profileIngestion(), audience.created(), audience.updated(), audience.version());
    }
}
