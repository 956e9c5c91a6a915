package dev.extaudiences.adapter.jdbi;

/**
 * Where a merge writes: the audience, its run's staging table and whether the run staged anything into it (the table
 * exists), the run's time and the expiry cutoff, as epoch milliseconds.
 */
record MergeTarget(String org, String sandbox, String audience, String staging, boolean staged, long ingestedAt,
                   long cutoff) {
}
