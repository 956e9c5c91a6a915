package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes answers: JSON bodies, each ending with a newline, and refusals in the one error shape. */
final class Replies {

    private final ObjectMapper mapper;

    Replies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void json(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(Wire.withNewline(mapper.writeValueAsBytes(body)));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /** A body written straight to the generator, then the newline every answer ends with. */
    void json(Context ctx, int status, JsonBody body) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
        try (JsonGenerator json = mapper.getFactory().createGenerator(bytes)) {
            body.writeTo(json);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        bytes.write('\n');
        ctx.status(status).contentType("application/json").result(bytes.toByteArray());
    }

    void error(Context ctx, ApiError error) {
        // whole seconds, at least one: what RFC 9110 lets Retry-After say
        error.retryAfter.ifPresent(wait -> ctx.header("Retry-After",
                String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000))));
        json(ctx, error.code.status, error.body(mapper, RequestEntry.requestId(ctx)));
    }
}
