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

    record Accepted(List<StagedMember> members) implements RowOutcome {
        public Accepted {
            members = List.copyOf(members);
        }
    }

    record Rejected(RowPart part, String reason) implements RowOutcome {
        public Rejected {
            Objects.requireNonNull(part, "part");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
