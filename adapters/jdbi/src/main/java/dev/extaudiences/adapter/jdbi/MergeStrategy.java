package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.member.MergeOutcome;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.run.IngestionMode;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * How one database stages a run's rows and merges them into the members table. Chosen once, from the database the
 * stores open ({@link #of}): each database's statements live together, and nothing else asks which database it is.
 * Both keep the same rows in the same generations; they differ in how many passes a merge takes.
 */
sealed interface MergeStrategy permits PortableMerge, PostgresMerge {

    static MergeStrategy of(Dialect dialect) {
        return switch (dialect) {
            case H2 -> new PortableMerge();
            case POSTGRESQL -> new PostgresMerge();
        };
    }

    /** The kind of table a run stages into ({@code CREATE <kind> TABLE}, empty for an ordinary table). */
    String stagingTableKind();

    /** Appends a batch to a run's staging table, in order. */
    void append(Handle handle, String staging, List<StagedMember> batch);

    /**
     * Does, outside the merge's transaction, what the merge's plans need (the staging table's statistics, freshly
     * bulk-loaded), and answers the merge to run in the transaction.
     */
    Merge prepare(Handle handle, MergeTarget target);

    /** The statements of one merge, ready to run in its transaction. */
    interface Merge {
        /** Writes the staged rows into the members, one per identity (the one staged last), and counts what it did. */
        MergeOutcome write(Handle transaction, IngestionMode mode);
    }
}
