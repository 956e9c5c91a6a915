package dev.extaudiences.core.member;

import dev.extaudiences.core.audience.AudienceId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One identity in one audience, with the attribute values it was last ingested with and when. It expires
 * {@code ttl} after {@code lastIngestedAt}, under the audience's current TTL. Attribute values are the validated
 * text of their column; a column left empty is absent.
 */
public record Member(AudienceId audienceId, Identity identity, Map<String, String> attributes,
                     Instant lastIngestedAt) {

    public Member {
        Objects.requireNonNull(audienceId, "audienceId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(lastIngestedAt, "lastIngestedAt");
        attributes = Map.copyOf(new TreeMap<>(attributes));
    }

    /** Live means not expired: last ingested after the audience's expiry cutoff. */
    public boolean isLiveAfter(Instant expiryCutoff) {
        return lastIngestedAt.isAfter(expiryCutoff);
    }
}
