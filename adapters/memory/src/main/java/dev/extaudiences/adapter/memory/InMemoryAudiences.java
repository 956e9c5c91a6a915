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

/** Audiences in maps, one per scope; one lock makes every check-then-write atomic. */
public final class InMemoryAudiences implements Audiences {

    private static final Comparator<Audience> OLDEST_FIRST =
            Comparator.comparing((Audience a) -> a.created().at()).thenComparing(a -> a.id().value());

    private final Map<TenantScope, Map<AudienceId, Audience>> byScope = new HashMap<>();

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
    }

    @Override
    public synchronized Optional<Audience> find(TenantScope scope, AudienceId id) {
        return Optional.ofNullable(scoped(scope).get(id));
    }

    @Override
    public synchronized boolean nameTaken(TenantScope scope, AudienceName name) {
        return scoped(scope).values().stream().anyMatch(a -> a.name().equals(name));
    }

    @Override
    public synchronized boolean customIdTaken(TenantScope scope, CustomAudienceId customAudienceId) {
        return scoped(scope).values().stream()
                .anyMatch(a -> a.customAudienceId().filter(customAudienceId::equals).isPresent());
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
        scoped.put(updated.id(), updated);
        return VersionedWrite.APPLIED;
    }

    @Override
    public synchronized boolean remove(TenantScope scope, AudienceId id) {
        Map<AudienceId, Audience> scoped = byScope.get(scope);
        return scoped != null && scoped.remove(id) != null;
    }

    /** The scope's audiences, read-only when the scope has none. */
    private Map<AudienceId, Audience> scoped(TenantScope scope) {
        return byScope.getOrDefault(scope, Map.of());
    }
}
