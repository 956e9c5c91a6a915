package dev.extaudiences.core.ingest;

import dev.extaudiences.core.member.StagedMember;
import java.util.List;
import java.util.Objects;

/** What one CSV row becomes: members (one per identity field), or a rejection naming the column and the reason. */
public sealed interface RowOutcome {

    record Accepted(List<StagedMember> members) implements RowOutcome {
        public Accepted {
            members = List.copyOf(members);
        }
    }

    record Rejected(String column, String reason) implements RowOutcome {
        public Rejected {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
