package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.List;

/** How this server reads JSON: strictly, so that no two parsers could read one request two ways. */
final class StrictJson {

    private StrictJson() {
    }

    static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                // 40.5 days or a start time of 1.5 is a mistake to name, not a value to truncate
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                // a strict parser: one object and nothing after it, each property once (which of two would win
                // depends on the parser, so a proxy or a client library could read another request than ours)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
        // A string property takes a JSON string only (a name of 5 or true is a mistake); a number property may
        // still take a numeric string, as the public guide's own samples send "ttlInDays": "40".
        for (CoercionInputShape scalar : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
        return mapper;
    }
}
