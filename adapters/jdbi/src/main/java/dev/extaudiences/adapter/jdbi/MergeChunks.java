package dev.extaudiences.adapter.jdbi;

/**
 * How many statements a merge writes a run's members in: one per {@code rowsPerChunk} staged rows, at most
 * {@code most}. Between two of them the merge tells how far it has come, so that a run shows its profile stage
 * advance.
 *
 * <p>Four at most, because on PostgreSQL each chunk reads the whole staging table again (it has no index to find a
 * chunk's identities by). A million-row run through the server, alternating builds three times each: one statement
 * 12.0 s on average for a new audience and 16.9 s for a full re-ingest; four chunks 11.5 s and 16.5 s (their smaller
 * sorts pay for the scans); ten chunks 12.7 s and 17.8 s. On H2 a chunk is a range of the staging table's key, and
 * costs no more scans.
 */
record MergeChunks(long rowsPerChunk, int most) {

    /** A chunk of at least ten thousand rows, and four at most: a big merge's progress in quarters. */
    static final MergeChunks DEFAULT = new MergeChunks(10_000, 4);

    MergeChunks {
        if (rowsPerChunk < 1 || most < 1) {
            throw new IllegalArgumentException("a merge writes in at least one chunk of at least one row");
        }
    }

    /** How many chunks to write {@code rows} staged rows in: at least one. */
    int over(long rows) {
        return (int) Math.max(1, Math.min(most, rows / rowsPerChunk));
    }
}
