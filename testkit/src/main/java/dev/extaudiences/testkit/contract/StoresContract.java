package dev.extaudiences.testkit.contract;

import dev.extaudiences.core.Stores;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.quicktheories.core.Gen;

/**
 * The factory hook every port contract shares. An adapter's test extends a contract and returns fresh stores; stores
 * backed by one database may be returned again and again, because every example works in a scope of its own.
 */
public abstract class StoresContract {

    /** A set of stores to run the contract's rules against; called before each rule. */
    protected abstract Stores newStores();

    protected Stores stores;

    @BeforeEach
    final void createStores() {
        stores = newStores();
    }

    protected static TenantScope freshScope() {
        return Generators.freshScope();
    }

    /** Stores an audience in a fresh scope, for rules about things that hang off an audience. */
    protected Audience storedAudience() {
        return storedAudience(freshScope());
    }

    protected Audience storedAudience(TenantScope scope) {
        Audience audience = one(Generators.audiences(scope));
        stores.audiences().add(audience);
        return audience;
    }

    protected static RunId newRunId() {
        return new RunId(UUID.randomUUID().toString());
    }

    /** Members in, for the members rules: {@code batch} staged for a new run in two halves, then merged. */
    protected MergeOutcome stageAndMerge(Audience audience, List<StagedMember> batch, IngestionMode mode, Instant at,
                                         Instant cutoff) {
        RunId run = newRunId();
        int half = batch.size() / 2;
        stores.stagedMembers().stage(audience.scope(), audience.id(), run, batch.subList(0, half));
        stores.stagedMembers().stage(audience.scope(), audience.id(), run, batch.subList(half, batch.size()));
        return stores.stagedMembers().merge(audience.scope(), audience.id(), run, mode, at, cutoff);
    }

    /** The identity values of the audience's live members, in order. */
    protected List<String> values(Audience audience, Instant cutoff) {
        return stores.members().list(audience.scope(), audience.id(), cutoff, new PageRequest(0, 1000)).items()
                .stream().map(member -> member.identity().value()).toList();
    }

    /** A member to stage, {@code value@x} by email, of the gold tier. */
    protected static StagedMember staged(String value) {
        return new StagedMember(Identity.of("email", value + "@x"), Map.of("tier", "gold"));
    }

    /** One value of a generator, for rules that are examples rather than properties. */
    protected static <T> T one(Gen<T> gen) {
        return Property.sample(gen);
    }
}
