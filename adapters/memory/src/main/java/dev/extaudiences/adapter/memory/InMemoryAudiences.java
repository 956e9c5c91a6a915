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

/** Audiences in a map; one lock makes every check-then-write atomic. */
public final class InMemoryAudiences implements Audiences {

    private record Key(TenantScope scope, AudienceId id) {
    }

    private final Map<Key, Audience> audiences = new HashMap<>();

    @Override
    public synchronized void add(Audience audience) {
        if (nameTaken(audience.scope(), audience.name())) {
            throw DomainException.duplicate("name", audience.name().value());
        }
        audience.customAudienceId().filter(id -> customIdTaken(audience.scope(), id)).ifPresent(id -> {
            throw DomainException.duplicate("customAudienceId", id.value());
        });
        if (audiences.putIfAbsent(new Key(audience.scope(), audience.id()), audience) != null) {
            throw DomainException.duplicate("audienceId", audience.id().value());
        }
    }

    @Override
    public synchronized Optional<Audience> find(TenantScope scope, AudienceId id) {
        return Optional.ofNullable(audiences.get(new Key(scope, id)));
    }

    @Override
    public synchronized boolean nameTaken(TenantScope scope, AudienceName name) {
        return audiences.values().stream().anyMatch(a -> a.scope().equals(scope) && a.name().equals(name));
    }

    @Override
    public synchronized boolean customIdTaken(TenantScope scope, CustomAudienceId customAudienceId) {
        return audiences.values().stream().anyMatch(a -> a.scope().equals(scope)
                && a.customAudienceId().filter(customAudienceId::equals).isPresent());
    }

    @Override
    public synchronized Page<Audience> list(TenantScope scope, PageRequest page) {
        return Page.slice(audiences.values().stream()
                .filter(a -> a.scope().equals(scope))
                .sorted(Comparator.comparing((Audience a) -> a.created().at()).thenComparing(a -> a.id().value()))
                .toList(), page.start(), page.limit());
    }

    @Override
    public synchronized VersionedWrite replace(Audience updated) {
        Key key = new Key(updated.scope(), updated.id());
        Audience current = audiences.get(key);
        if (current == null) {
            return VersionedWrite.MISSING;
        }
        if (current.version() != updated.version() - 1) {
            return VersionedWrite.STALE;
        }
        audiences.put(key, updated);
        return VersionedWrite.APPLIED;
    }

    @Override
    public synchronized boolean remove(TenantScope scope, AudienceId id) {
        return audiences.remove(new Key(scope, id)) != null;
    }
}
