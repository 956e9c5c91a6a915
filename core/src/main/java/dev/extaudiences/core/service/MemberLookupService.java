package dev.extaudiences.core.service;

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

/** Answers membership questions under each audience's current TTL, read from the injected clock. */
public final class MemberLookupService implements LookUpMembersUseCase {

    private final Audiences audiences;
    private final Members members;
    private final Clock clock;

    public MemberLookupService(Audiences audiences, Members members, Clock clock) {
        this.audiences = Objects.requireNonNull(audiences);
        this.members = Objects.requireNonNull(members);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Page<Member> members(TenantScope scope, AudienceId audienceId, PageRequest page) {
        Audience audience = audiences.existing(scope, audienceId);
        return members.list(scope, audienceId, audience.expiryCutoff(clock.instant()), page);
    }

    @Override
    public List<Member> memberships(TenantScope scope, Identity identity) {
        Instant now = clock.instant();
        return members.memberships(scope, identity).stream()
                .filter(member -> audiences.find(scope, member.audienceId())
                        .map(audience -> member.isLiveAfter(audience.expiryCutoff(now)))
                        .orElse(false))
                .toList();
    }

    @Override
    public Optional<Member> member(TenantScope scope, AudienceId audienceId, Identity identity) {
        Audience audience = audiences.existing(scope, audienceId);
        return members.find(scope, audienceId, identity, audience.expiryCutoff(clock.instant()));
    }
}
