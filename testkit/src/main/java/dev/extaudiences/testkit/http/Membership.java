package dev.extaudiences.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The membership a rule expects: each identity value once, with the attributes of the row that wrote it. A value is
 * compared by what it means for its field's type (the contract says which values are valid, not how a member spells
 * them): {@code 42} and {@code "42"} are the same integer, two date-times the same instant. A field with no value is a
 * null, which a member may show as an absent attribute or as {@code null}: either is accepted.
 */
final class Membership {

    private final Map<String, String> types;
    private final Map<String, Map<String, String>> members = new TreeMap<>();

    private Membership(Map<String, String> types) {
        this.types = types;
    }

    /** The attributes by column and their field types ({@code string}, {@code integer}, ...). */
    static Membership typed(Map<String, String> types) {
        return new Membership(types);
    }

    /** The schema of {@link IngestionCalls#EMAIL_TIER_POINTS}. */
    static Membership emailTierPoints() {
        return typed(Map.of("tier", "string", "points", "integer"));
    }

    /** A member expected: its identity value, then each attribute column with its value ({@code null} for none). */
    Membership member(String value, String... columnsAndValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            attributes.put(columnsAndValues[i], columnsAndValues[i + 1]);
        }
        members.put(value, attributes);
        return this;
    }

    Membership without(String value) {
        members.remove(value);
        return this;
    }

    /** The listed members are exactly the expected ones, each once, each with its expected attributes. */
    void assertListed(ListedMembers listed, String why) {
        assertThat(listed.values()).as("%s: the members listed, each identity once, in%n%s", why, listed)
                .containsExactlyElementsOf(members.keySet());
        List<String> problems = new ArrayList<>();
        members.forEach((value, expected) -> {
            JsonNode attributes = listed.attributesByValue().get(value);
            expected.forEach((column, wanted) -> {
                String problem = disagreement(attributes.path(column), types.get(column), wanted);
                if (problem != null) {
                    problems.add(value + " " + column + ": " + problem);
                }
            });
        });
        assertThat(problems).as("%s: attributes that disagree, in%n%s", why, listed).isEmpty();
    }

    /** Null when {@code actual} means {@code expected} for the type, else what is wrong. */
    static String disagreement(JsonNode actual, String type, String expected) {
        boolean none = actual.isMissingNode() || actual.isNull();
        if (expected == null) {
            return none ? null : "is " + actual + ", expected no value";
        }
        if (none) {
            return "has no value, expected " + expected;
        }
        String text = actual.asText();
        try {
            boolean same = switch (type) {
                case "integer", "long" -> new BigInteger(text.trim()).equals(new BigInteger(expected));
                case "number" -> new BigDecimal(text.trim()).compareTo(new BigDecimal(expected)) == 0;
                case "boolean" -> text.trim().equalsIgnoreCase(expected);
                case "date" -> LocalDate.parse(text.trim()).equals(LocalDate.parse(expected));
                case "datetime" -> OffsetDateTime.parse(text.trim()).toInstant()
                        .equals(OffsetDateTime.parse(expected).toInstant());
                default -> text.equals(expected);
            };
            return same ? null : "is " + actual + ", expected " + expected;
        } catch (RuntimeException notOfTheType) {
            return "is " + actual + ", which is not a " + type + " (expected " + expected + ")";
        }
    }

    @Override
    public String toString() {
        return members.toString();
    }
}
