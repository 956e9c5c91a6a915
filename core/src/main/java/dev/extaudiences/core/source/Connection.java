package dev.extaudiences.core.source;

import dev.extaudiences.core.tenant.TenantScope;
import java.util.Objects;
import java.util.Set;

/**
 * A storage this server has been configured to read from, named by its id, of one cloud type, and the orgs whose
 * audiences may read it: a connection to one team's bucket must not become readable by every org of a shared server
 * that guesses its id.
 */
public record Connection(ConnectionId id, CloudType cloudType, Reach reach) {

    /** Which orgs may name the connection. */
    public sealed interface Reach {

        /** Every org of this server: a server of one org, or a storage meant to be shared. */
        record AnyOrg() implements Reach {
        }

        /** These orgs only, by their IMS org ids. */
        record Orgs(Set<String> orgIds) implements Reach {
            public Orgs {
                orgIds = Set.copyOf(orgIds);
                if (orgIds.isEmpty()) {
                    throw new IllegalArgumentException("a connection open to no org at all is a mistake");
                }
            }
        }
    }

    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cloudType, "cloudType");
        Objects.requireNonNull(reach, "reach");
    }

    /** A connection every org may read. */
    public Connection(ConnectionId id, CloudType cloudType) {
        this(id, cloudType, new Reach.AnyOrg());
    }

    /** Whether audiences of the scope's org may read from it. */
    public boolean openTo(TenantScope scope) {
        return reach instanceof Reach.AnyOrg || ((Reach.Orgs) reach).orgIds().contains(scope.orgId());
    }
}
