package dev.extaudiences.core.source;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** One data row of a CSV file: its line number (the header is line 1) and its values in column order. */
public record SourceRecord(long line, List<String> values) {

    public SourceRecord {
        // values may be null for a short row; copied as they are, once (a new ArrayList of a list copies it twice)
        values = Collections.unmodifiableList(Arrays.asList(values.toArray(new String[0])));
    }
}
