package dev.extaudiences.core.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One data row of a CSV file: its line number (the header is line 1) and its values in column order. */
public record SourceRecord(long line, List<String> values) {

    public SourceRecord {
        // values may be null for a short row; copied as they are
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }
}
