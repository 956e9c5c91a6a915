package dev.extaudiences.core.service;

import dev.extaudiences.core.IdentityRules;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.identity.IdentityStorage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.in.LookUpMembersUseCase;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers membership questions under each audience's current TTL, read from the injected clock. A query is
 * normalised by its namespace's rule, and hashed for an audience that keeps identities hashed, as a run stores them:
 * whatever form it is written in, it finds the member.
 */
public final class MemberLookupService implements LookUpMembersUseCase {

    private final Audiences audiences;
    private final Members members;
    private final Clock clock;
    private final IdentityRules rules;

    public MemberLookupService(Audiences audiences, Members members, Clock clock) {
        this(audiences, members, clock, IdentityRules.defaults());
    }

    public MemberLookupService(Audiences audiences, Members members, Clock clock, IdentityRules rules) {
        this.audiences = Objects.requireNonNull(audiences);
        this.members = Objects.requireNonNull(members);
        this.clock = Objects.requireNonNull(clock);
        this.rules = Objects.requireNonNull(rules);
    }

    @Override
    public Page<Member> members(TenantScope scope, AudienceId audienceId, PageRequest page) {
        Audience audience = audiences.existing(scope, audienceId);
        return members.list(scope, audienceId, audience.expiryCutoff(clock.instant()), page);
    }

    /**
     * Across audiences, the query is read in the server's default phone region (an audience's own region is not
     * known before its members are found: a national number of another country is found written in E.164), and looked
     * up in both forms at rest; each audience keeps only the member under the form it itself stores.
     */
    @Override
    public List<Member> memberships(TenantScope scope, Identity identity) {
        Instant now = clock.instant();
        Identity plain = rules.of(IdentityHandling.DEFAULT).stored(identity);
        Identity hashed = rules.of(IdentityHandling.DEFAULT.withStorage(IdentityStorage.SHA256_OF_NORMALISED))
                .stored(identity);
        Set<Identity> forms = new LinkedHashSet<>(List.of(plain, hashed, asWritten(identity)));
        List<Member> found = new ArrayList<>();
        for (Identity form : forms) {
            for (Member member : members.memberships(scope, form)) {
                audiences.find(scope, member.audienceId())
                        .filter(audience -> member.isLiveAfter(audience.expiryCutoff(now)))
                        .filter(audience -> formsOf(audience, identity).contains(member.identity()))
                        .ifPresent(audience -> found.add(member));
            }
        }
        return List.copyOf(found);
    }

    /**
     * The forms a member of the query may be stored under in the audience: the one a run stores, and (for an
     * audience that keeps identities as they are) the value as written, trimmed, which is how members ingested
     * before namespaces had rules are stored until a run reads them again.
     */
    private Set<Identity> formsOf(Audience audience, Identity query) {
        Set<Identity> forms = new LinkedHashSet<>();
        try {
            forms.add(rules.of(audience.identityHandling()).stored(query));
        } catch (DomainException unreadableInItsRegion) {
            // a number this audience reads as no number is one of its members only as written before
        }
        if (!audience.identityHandling().hashedAtRest()) {
            forms.add(asWritten(query));
        }
        return forms;
    }

    private static Identity asWritten(Identity query) {
        return new Identity(query.namespace(), query.value().strip());
    }

    @Override
    public Optional<Member> member(TenantScope scope, AudienceId audienceId, Identity identity) {
        Audience audience = audiences.existing(scope, audienceId);
        Instant cutoff = audience.expiryCutoff(clock.instant());
        Optional<Member> found = members.find(scope, audienceId, rules.of(audience.identityHandling()).stored(identity),
                cutoff);
        if (found.isPresent() || audience.identityHandling().hashedAtRest()) {
            return found;
        }
        // a member ingested before namespaces had rules is stored as written until a run reads it again
        Identity written = asWritten(identity);
        return members.find(scope, audienceId, written, cutoff);
    }
}
