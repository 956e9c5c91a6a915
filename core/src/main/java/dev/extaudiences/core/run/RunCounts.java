package dev.extaudiences.core.run;

/**
 * What a run has done so far: files to read, bytes read of them (as stored: a gzip file's compressed bytes, a read
 * resumed after a dropped connection counted once), rows read, rejected and duplicated (an identity read again in
 * the same run: the last row wins), what the merge did to the membership, and how many members the merge has
 * written so far ({@code membersWritten}: the profile stage's progress while it runs, its members visible only once
 * it succeeds, and then every member it added or updated). Counts only ever grow while the run is in progress, so a
 * caller polling a run sees progress, never a step back.
 */
public record RunCounts(long files, long bytesRead, long rowsRead, long rowsRejected, long rowsDuplicated,
                        long membersAdded, long membersUpdated, long membersRemoved, long membersWritten,
                        IdentityMatches identities) {

    public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0, 0, 0, 0, 0);

    /** Counts of a run whose identities no namespace rule changed or refused, and whose merge wrote no member yet. */
    public RunCounts(long files, long bytesRead, long rowsRead, long rowsRejected, long rowsDuplicated,
                     long membersAdded, long membersUpdated, long membersRemoved) {
        this(files, bytesRead, rowsRead, rowsRejected, rowsDuplicated, membersAdded, membersUpdated, membersRemoved,
                0, IdentityMatches.NONE);
    }

    public RunCounts {
        java.util.Objects.requireNonNull(identities, "identities");
        if (files < 0 || bytesRead < 0 || rowsRead < 0 || rowsRejected < 0 || rowsDuplicated < 0 || membersAdded < 0
                || membersUpdated < 0 || membersRemoved < 0 || membersWritten < 0) {
            throw new IllegalArgumentException("run counts must not be negative");
        }
        if (rowsRejected > rowsRead) {
            throw new IllegalArgumentException("a run cannot reject more rows than it read");
        }
        if (identities.rejected() > rowsRejected) {
            throw new IllegalArgumentException("rows refused by a namespace's rule are among the rejected rows");
        }
        if (identities.collapsed() > identities.normalised()) {
            throw new IllegalArgumentException("only rows whose identity was normalised collapse because of it");
        }
    }

    public RunCounts withFiles(long count) {
        return new RunCounts(count, bytesRead, rowsRead, rowsRejected, rowsDuplicated, membersAdded, membersUpdated,
                membersRemoved, membersWritten, identities);
    }

    /** These counts with {@code bytes} more bytes read from the storage. */
    public RunCounts plusBytes(long bytes) {
        return new RunCounts(files, bytesRead + bytes, rowsRead, rowsRejected, rowsDuplicated, membersAdded,
                membersUpdated, membersRemoved, membersWritten, identities);
    }

    public RunCounts plusRows(long read, long rejected, long duplicated) {
        return new RunCounts(files, bytesRead, rowsRead + read, rowsRejected + rejected, rowsDuplicated + duplicated,
                membersAdded, membersUpdated, membersRemoved, membersWritten, identities);
    }

    /** These counts with {@code written} members written so far by the merge, not yet visible. */
    public RunCounts withMembersWritten(long written) {
        return new RunCounts(files, bytesRead, rowsRead, rowsRejected, rowsDuplicated, membersAdded, membersUpdated,
                membersRemoved, written, identities);
    }

    /** What the merge did, or in a dry run would do: added, updated and removed members. */
    public RunCounts withMembers(long added, long updated, long removed) {
        return new RunCounts(files, bytesRead, rowsRead, rowsRejected, rowsDuplicated, added, updated, removed,
                membersWritten, identities);
    }

    /** These counts with what the namespaces' rules did in more rows. */
    public RunCounts plusIdentities(IdentityMatches more) {
        return new RunCounts(files, bytesRead, rowsRead, rowsRejected, rowsDuplicated, membersAdded, membersUpdated,
                membersRemoved, membersWritten, identities.plus(more));
    }

    public boolean isReachableFrom(RunCounts earlier) {
        return files >= earlier.files && bytesRead >= earlier.bytesRead && rowsRead >= earlier.rowsRead
                && rowsRejected >= earlier.rowsRejected && rowsDuplicated >= earlier.rowsDuplicated
                && membersAdded >= earlier.membersAdded && membersUpdated >= earlier.membersUpdated
                && membersRemoved >= earlier.membersRemoved && membersWritten >= earlier.membersWritten
                && identities.isReachableFrom(earlier.identities);
    }
}
