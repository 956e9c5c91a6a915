package dev.extaudiences.core.source;

import java.util.List;
import java.util.Optional;

/** The rows of one open CSV file, read one at a time so that memory never grows with the file. */
public interface RecordStream extends AutoCloseable {

    /** The column names of the header row, in order. */
    List<String> header();

    /** The next row, or empty at the end of the file. */
    Optional<SourceRecord> next() throws SourceException;

    @Override
    void close();
}
