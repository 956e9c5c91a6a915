package dev.extaudiences.adapter.jdbi;

/**
 * Where a merge writes: the audience, its run's staging table and whether the run staged anything into it (the table
 * exists), how many of its rows were staged in another spelling than their identity's ({@code respelled}: the count
 * of what normalisation collapsed is taken only when there are some), the run's time and the expiry cutoff, as epoch
 * milliseconds.
 */
record MergeTarget(String org, String sandbox, String audience, String staging, boolean staged, long respelled,
                   long ingestedAt, long cutoff) {
}
