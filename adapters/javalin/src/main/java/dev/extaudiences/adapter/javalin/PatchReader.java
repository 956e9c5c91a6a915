package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.extaudiences.core.audience.AudiencePatch;
import dev.extaudiences.core.audience.Description;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.audience.Labels;
import dev.extaudiences.core.audience.Ttl;
import dev.extaudiences.core.error.DomainException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a PATCH body property by property, so that a property the contract does not let change is refused by name
 * (create ignores unknown properties; update must not, or a caller would believe a change had been made).
 */
final class PatchReader {

    private PatchReader() {
    }

    static AudiencePatch read(JsonNode body) {
        if (!body.isObject()) {
            throw ApiError.invalid("body", "must be a JSON object");
        }
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        AudiencePatch.requireOnlyPatchable(names);
        AudiencePatch patch = AudiencePatch.NONE;
        if (body.has("description")) {
            JsonNode description = body.get("description");
            if (description.isNull()) {
                patch = patch.withoutDescription();
            } else if (description.isTextual()) {
                patch = patch.withDescription(new Description(description.asText()));
            } else {
                throw ApiError.invalid("description", "must be a string or null");
            }
        }
        if (body.has("labels")) {
            patch = patch.withLabels(labels(body.get("labels"), "labels"));
        }
        if (body.has("fields")) {
            patch = patch.withFieldLabels(fieldLabels(body.get("fields")));
        }
        if (body.has("ttlInDays")) {
            patch = patch.withTtl(Ttl.ofDays(ttl(body.get("ttlInDays"))));
        }
        if (body.has("hashedAtRest")) {
            // an extension: refused when the audience has members, by the domain, naming it
            JsonNode hashed = body.get("hashedAtRest");
            if (!hashed.isBoolean()) {
                throw ApiError.invalid("hashedAtRest", "must be true or false");
            }
            patch = patch.withIdentityStorage(Commands.identityStorage(hashed.booleanValue()));
        }
        return patch;
    }

    /** An integer, or a numeric string such as {@code "40"}: the public guide's own samples send one. */
    static int ttl(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual() && node.asText().trim().matches("[+-]?\\d{1,9}")) {
            return Integer.parseInt(node.asText().trim());
        }
        // the same wording as a create's: how many days are allowed is Ttl's to say
        throw ApiError.invalid("ttlInDays", "must be a whole number");
    }

    private static Labels labels(JsonNode node, String field) {
        if (!node.isArray()) {
            throw ApiError.invalid(field, "must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isTextual()) {
                throw ApiError.invalid(field, "must be an array of strings");
            }
            values.add(value.asText());
        }
        return Labels.parse(values);
    }

    private static Map<FieldName, Labels> fieldLabels(JsonNode node) {
        if (!node.isArray()) {
            throw ApiError.invalid("fields", "must be an array of {name, labels}");
        }
        Map<FieldName, Labels> perField = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode field : node) {
            String at = "fields[" + index++ + "]";
            if (!field.isObject()) {
                throw ApiError.invalid(at, "must be an object {name, labels}");
            }
            for (Iterator<String> properties = field.fieldNames(); properties.hasNext(); ) {
                String property = properties.next();
                if (!property.equals("name") && !property.equals("labels")) {
                    throw ApiError.invalid(at + "." + property, "cannot be changed by an update; only a field's labels can");
                }
            }
            if (!field.path("name").isTextual() || field.get("name").asText().isBlank()) {
                throw ApiError.invalid(at + ".name", "is required");
            }
            if (!field.has("labels")) {
                throw ApiError.invalid(at + ".labels", "is required");
            }
            try {
                perField.put(new FieldName(field.get("name").asText()), labels(field.get("labels"), at + ".labels"));
            } catch (DomainException refused) {
                throw refused.locatedAt("fields", at).locatedAt("labels", at + ".labels");
            }
        }
        return perField;
    }
}
