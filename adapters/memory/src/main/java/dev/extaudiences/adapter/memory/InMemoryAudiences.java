package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudienceName;
import dev.extaudiences.core.audience.CustomAudienceId;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Audiences in maps, one per scope, with their names and custom ids indexed: a create asks whether a name is taken
 * twice, and a scan of the scope made creates slower with every audience. One lock makes every check-then-write
 * atomic.
 */
public final class InMemoryAudiences implements Audiences {

    private static final Comparator<Audience> OLDEST_FIRST =
            Comparator.comparing((Audience a) -> a.created().at()).thenComparing(a -> a.id().value());

    private final Map<TenantScope, Map<AudienceId, Audience>> byScope = new HashMap<>();
    private final Map<TenantScope, Map<AudienceName, AudienceId>> names = new HashMap<>();
    private final Map<TenantScope, Map<CustomAudienceId, AudienceId>> customIds = new HashMap<>();

    @Override
    public synchronized void add(Audience audience) {
        if (nameTaken(audience.scope(), audience.name())) {
            throw DomainException.duplicate("name", audience.name().value());
        }
        audience.customAudienceId().filter(id -> customIdTaken(audience.scope(), id)).ifPresent(id -> {
            throw DomainException.duplicate("customAudienceId", id.value());
        });
        Map<AudienceId, Audience> scoped = byScope.computeIfAbsent(audience.scope(), scope -> new HashMap<>());
        if (scoped.putIfAbsent(audience.id(), audience) != null) {
            throw DomainException.duplicate("audienceId", audience.id().value());
        }
        index(audience);
    }

    @Override
    public synchronized Optional<Audience> find(TenantScope scope, AudienceId id) {
        return Optional.ofNullable(scoped(scope).get(id));
    }

    @Override
    public synchronized boolean nameTaken(TenantScope scope, AudienceName name) {
        return names.getOrDefault(scope, Map.of()).containsKey(name);
    }

    @Override
    public synchronized boolean customIdTaken(TenantScope scope, CustomAudienceId customAudienceId) {
        return customIds.getOrDefault(scope, Map.of()).containsKey(customAudienceId);
    }

    @Override
    public synchronized Page<Audience> list(TenantScope scope, PageRequest page) {
        return Page.slice(scoped(scope).values().stream().sorted(OLDEST_FIRST).toList(), page.start(), page.limit());
    }

    @Override
    public synchronized Page<Audience> listAll(PageRequest page) {
        return Page.slice(byScope.values().stream().flatMap(scoped -> scoped.values().stream())
                .sorted(OLDEST_FIRST).toList(), page.start(), page.limit());
    }

    @Override
    public synchronized VersionedWrite replace(Audience updated) {
        Map<AudienceId, Audience> scoped = scoped(updated.scope());
        Audience current = scoped.get(updated.id());
        if (current == null) {
            return VersionedWrite.MISSING;
        }
        if (current.version() != updated.version() - 1) {
            return VersionedWrite.STALE;
        }
        unindex(current);
        scoped.put(updated.id(), updated);
        index(updated);
        return VersionedWrite.APPLIED;
    }

    @Override
    public synchronized boolean remove(TenantScope scope, AudienceId id) {
        Map<AudienceId, Audience> scoped = byScope.get(scope);
        Audience removed = scoped == null ? null : scoped.remove(id);
        if (removed == null) {
            return false;
        }
        unindex(removed);
        return true;
    }

    private void index(Audience audience) {
        names.computeIfAbsent(audience.scope(), scope -> new HashMap<>()).put(audience.name(), audience.id());
        audience.customAudienceId().ifPresent(custom -> customIds
                .computeIfAbsent(audience.scope(), scope -> new HashMap<>()).put(custom, audience.id()));
    }

    private void unindex(Audience audience) {
        names.getOrDefault(audience.scope(), new HashMap<>()).remove(audience.name(), audience.id());
        audience.customAudienceId().ifPresent(custom -> customIds.getOrDefault(audience.scope(), new HashMap<>())
                .remove(custom, audience.id()));
    }

    /** The scope's audiences, read-only when the scope has none. */
    private Map<AudienceId, Audience> scoped(TenantScope scope) {
        return byScope.getOrDefault(scope, Map.of());
    }
}
