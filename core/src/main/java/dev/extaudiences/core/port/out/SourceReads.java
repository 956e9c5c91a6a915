package dev.extaudiences.core.port.out;

import dev.extaudiences.core.source.CloudType;

/**
 * What runs read from their storages, told as they read it, by the cloud type the audience names: an operator's
 * counters of objects, bytes and rows per kind of storage, beside what each run counts for itself. Told on the run's
 * worker, as the run's counts advance: it returns at once and never throws.
 */
public interface SourceReads {

    /**
     * {@code objects} more files opened, {@code bytes} more bytes read of them (as stored: a gzip file's compressed
     * bytes) and {@code rows} more rows read, from a storage that stands for {@code cloudType}.
     */
    void read(CloudType cloudType, long objects, long bytes, long rows);

    /** Counted nowhere: a server that shows no such counters. */
    static SourceReads none() {
        return (cloudType, objects, bytes, rows) -> {
        };
    }
}
