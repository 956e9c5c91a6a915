package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads request bodies: JSON only, bound to a body type, every failure a 400 whose detail names the offending
 * property and what was wrong with its shape. The values themselves are judged by the domain.
 */
final class JsonBodies {

    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '([^']{0,128})'");

    private final ObjectMapper mapper;

    JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    <T> T read(Context ctx, Class<T> type) {
        JsonNode tree = tree(ctx);
        T body;
        try {
            body = mapper.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException unreadable) {
            throw describe(unreadable);
        }
        return body;
    }

    /** The body as a JSON tree; refuses a missing body, a non-JSON content type and malformed JSON. */
    JsonNode tree(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json")) {
            throw ApiError.invalid("Content-Type", "must be application/json, was "
                    + (contentType == null ? "absent" : "'" + contentType + "'"));
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw ApiError.invalid("body", "is required");
        }
        try {
            JsonNode tree = mapper.readTree(bytes);
            if (tree == null || tree.isMissingNode() || !tree.isObject()) {
                throw ApiError.invalid("body", "must be a JSON object");
            }
            return tree;
        } catch (IOException malformed) {
            throw ApiError.invalid("body", whyNotJson(malformed));
        }
    }

    /** The strict parser's reasons, in words: a property given twice, or something after the object. */
    private static String whyNotJson(IOException malformed) {
        String message = String.valueOf(malformed.getMessage());
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.find()) {
            return "is not valid JSON: property '" + duplicate.group(1) + "' is given twice";
        }
        if (message.startsWith("Trailing token")) {
            return "is not valid JSON: there is more after the object; send exactly one JSON object";
        }
        return "is not valid JSON";
    }

    private static ApiError describe(Exception unreadable) {
        if (unreadable instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            if (unreadable instanceof InvalidFormatException format) {
                return ApiError.invalid(field, "'" + format.getValue() + "' is not a valid "
                        + simpleType(format.getTargetType()));
            }
            if (unreadable instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                return ApiError.invalid(field, "must be a " + simpleType(mismatch.getTargetType()));
            }
            return ApiError.invalid(field, "has a value of the wrong type");
        }
        return ApiError.invalid("body", "does not have the expected shape");
    }

    private static String path(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String simpleType(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == String.class) {
            return "string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "array";
        }
        return "object";
    }
}
