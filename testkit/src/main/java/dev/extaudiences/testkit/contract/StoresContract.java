package dev.extaudiences.testkit.contract;

import dev.extaudiences.core.Stores;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
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

    /** One value of a generator, for rules that are examples rather than properties. */
    protected static <T> T one(Gen<T> gen) {
        return Property.sample(gen);
    }
}
