package dev.extaudiences.core.run;

import dev.extaudiences.core.audience.FieldName;
import java.util.Objects;

/**
 * What of a row a rejection is about: the value of one field (its column), or the row as a whole (it has the wrong
 * number of values, or its line may be incomplete). How either is spelt on the wire or in a store is the adapter's.
 */
public sealed interface RowPart {

    RowPart WHOLE_ROW = new WholeRow();

    static RowPart column(FieldName field) {
        return new Column(field);
    }

    /** The value of one field, read from the column of the same name. */
    record Column(FieldName field) implements RowPart {
        public Column {
            Objects.requireNonNull(field, "field");
        }
    }

    /** The row as a whole rather than one of its values. */
    record WholeRow() implements RowPart {
    }
}
