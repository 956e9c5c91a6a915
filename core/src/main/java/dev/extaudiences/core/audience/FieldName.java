package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.Require;

/** The name of a field; matches a CSV column of the same name at ingestion time. */
public record FieldName(String value) {

    public FieldName {
        Require.plainText(Require.maxLength(Require.notBlank(value, "fields.name"), 256, "fields.name"), "fields.name");
    }

    @Override
    public String toString() {
        return value;
    }
}
