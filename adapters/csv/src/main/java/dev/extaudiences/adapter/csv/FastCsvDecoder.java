package dev.extaudiences.adapter.csv;

import dev.extaudiences.core.port.out.RecordDecoder;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceException;
import java.io.InputStream;

/**
 * Source files as CSV, read row by row with FastCSV: UTF-8 with or without a byte-order mark, plain or
 * gzip-compressed (recognised by its magic bytes, whatever the name), quoted values, the first row the header.
 */
public final class FastCsvDecoder implements RecordDecoder {

    @Override
    public RecordStream decode(String name, InputStream bytes, StateCheck state) throws SourceException {
        return CsvRecordStream.open(name, bytes, state);
    }
}
