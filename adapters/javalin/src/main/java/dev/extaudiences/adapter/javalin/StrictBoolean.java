package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * A boolean of an extension, read as JSON {@code true} or {@code false} only. The contract's own booleans take what
 * they always took (Jackson's {@code 1} and {@code "true"} too); an extension has no such past, so a {@code 1} or a
 * {@code "true"} there is a mistake to name rather than a value to guess.
 */
final class StrictBoolean extends StdDeserializer<Boolean> {

    StrictBoolean() {
        super(Boolean.class);
    }

    @Override
    public Boolean deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (parser.currentToken() == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        return (Boolean) context.handleUnexpectedToken(Boolean.class, parser);
    }
}
