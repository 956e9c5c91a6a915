package dev.extaudiences.core.port.in;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.List;
import java.util.Optional;

/** Reads live membership: expired members are never returned. */
public interface LookUpMembersUseCase {

    /** The audience's live members; {@code NotFound} when the audience does not exist in the scope. */
    Page<Member> members(TenantScope scope, AudienceId audienceId, PageRequest page);

    /** The member, if it is live in the audience; {@code NotFound} when the audience does not exist in the scope. */
    Optional<Member> member(TenantScope scope, AudienceId audienceId, Identity identity);

    /** The live memberships of one identity across the scope's audiences. */
    List<Member> memberships(TenantScope scope, Identity identity);
}
