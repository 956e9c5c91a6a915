package dev.extaudiences.core.run;

import dev.extaudiences.core.error.Require;

/** The id of an ingestion run. */
public record RunId(String value) {

    public RunId {
        Require.maxLength(Require.noWhitespace(Require.notBlank(value, "runId"), "runId"), 128, "runId");
    }

    @Override
    public String toString() {
        return value;
    }
}
