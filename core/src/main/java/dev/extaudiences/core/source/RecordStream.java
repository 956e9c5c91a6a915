package dev.extaudiences.core.source;

import java.util.List;
import java.util.Optional;

/** The rows of one open CSV file, read one at a time so that memory never grows with the file. */
public interface RecordStream extends AutoCloseable {

    /** The column names of the header row, in order. */
    List<String> header();

    /** The next row, or empty at the end of the file. */
    Optional<SourceRecord> next() throws SourceException;

    /**
     * Whether the file is still what was listed. Asked once it is open (it may have changed since its listing) and
     * once its last row has been read (it may have changed under the reading): a run that read a changed file fails
     * rather than take a truncated or mixed set of rows for the whole. No default: every source must say what it can
     * tell.
     */
    FileState state() throws SourceException;

    /**
     * The bytes of the file read from its storage so far, as stored (a gzip file's compressed bytes), which runs
     * ahead of the rows by what the decoder has buffered and reaches the file's size at its end; 0 from a stream
     * that reads no storage.
     */
    default long bytesRead() {
        return 0;
    }

    /** What the reading noticed beyond the rows, complete once {@link #next} has answered empty. */
    List<ReadNotice> notices();

    @Override
    void close();
}
