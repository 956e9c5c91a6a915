package dev.extaudiences.core.operation;

import dev.extaudiences.core.error.Require;

/** The id of an asynchronous create operation. */
public record OperationId(String value) {

    public OperationId {
        Require.maxLength(Require.noWhitespace(Require.notBlank(value, "operationId"), "operationId"), 128,
                "operationId");
    }

    @Override
    public String toString() {
        return value;
    }
}
