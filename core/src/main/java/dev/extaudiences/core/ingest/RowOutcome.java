package dev.extaudiences.core.ingest;

import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.run.RowPart;
import java.util.List;
import java.util.Objects;

/**
 * What one CSV row becomes: members (one per identity field), or a rejection naming the part of the row it concerns
 * and the reason.
 */
public sealed interface RowOutcome {

    /** {@code normalised}: how many of its identities were written in another form than the one they match by. */
    record Accepted(List<StagedMember> members, int normalised) implements RowOutcome {
        public Accepted(List<StagedMember> members) {
            this(members, 0);
        }

        public Accepted {
            members = List.copyOf(members);
            if (normalised < 0 || normalised > members.size()) {
                throw new IllegalArgumentException("a row normalises at most each of its identities");
            }
        }
    }

    record Rejected(RowPart part, String reason, RejectedBy by) implements RowOutcome {
        public Rejected(RowPart part, String reason) {
            this(part, reason, RejectedBy.VALUE_CHECK);
        }

        public Rejected {
            Objects.requireNonNull(part, "part");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(by, "by");
        }
    }

    /** Which rule refused a row. */
    enum RejectedBy {
        /** The row's shape, an empty identity, or a value its field's type refuses. */
        VALUE_CHECK,
        /** Its identity namespace's normalisation rule (a phone number or a hash that is none). */
        NAMESPACE_RULE
    }
}
