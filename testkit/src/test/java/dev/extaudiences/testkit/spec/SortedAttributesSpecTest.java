package dev.extaudiences.testkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.SortedAttributes;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.testkit.Property;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A staged member's attributes are held in arrays, not a tree: they must still answer exactly as the sorted map they
 * stand for, the {@link TreeMap} of the same entries, since every store reads them as a map.
 */
@DisplayName("Sorted attributes: the same map, in the same order, as a TreeMap of the same entries")
class SortedAttributesSpecTest {

    private static final List<String> NAMES = List.of("", "a", "b", "tier", "Tier", "joined", "z", "é", "a b",
            "\"q\"", "tier2");

    private static Gen<String> names() {
        return Generate.pick(NAMES);
    }

    private static Gen<String> values() {
        return Generate.pick(List.of("", "gold", "1", "x y", "é", "\t", "\"", "\\", "\uD83D\uDE00"));
    }

    /** Up to eleven entries, given in any order. */
    private static Gen<Map<String, String>> maps() {
        return lists().of(names().zip(values(), Map::entry)).ofSizeBetween(0, 12).map(entries -> {
            Map<String, String> map = new LinkedHashMap<>();
            entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
            return map;
        });
    }

    @Test
    @DisplayName("equal to, hashing as, iterating as and answering as a TreeMap of the same entries")
    void answersAsATreeMap() {
        Property.forAll(2_000, maps(), map -> {
            TreeMap<String, String> expected = new TreeMap<>(map);
            SortedAttributes actual = SortedAttributes.of(map);
            assertAnswersAs(actual, expected);
        });
    }

    @Test
    @DisplayName("a layout's row is the map of its non-null values, whatever values a row leaves out")
    void aRowOfALayoutIsItsPresentValues() {
        Gen<List<String>> layouts = lists().of(names()).ofSizeBetween(0, 11)
                .map(drawn -> new ArrayList<>(new TreeSet<>(drawn)));
        Property.forAll(2_000, layouts.zip(integers().all(), (names, seed) -> Map.entry(names, seed)), drawn -> {
            List<String> declared = new ArrayList<>(drawn.getKey());
            java.util.Collections.shuffle(declared, new java.util.Random(drawn.getValue()));
            SortedAttributes.Layout layout = new SortedAttributes.Layout(declared);
            java.util.Random random = new java.util.Random(drawn.getValue());
            String[] values = new String[layout.size()];
            TreeMap<String, String> expected = new TreeMap<>();
            for (String name : declared) {
                if (random.nextInt(3) > 0) {
                    String value = "v" + random.nextInt(5);
                    values[layout.positionOf(name)] = value;
                    expected.put(name, value);
                }
            }
            assertAnswersAs(layout.row(values), expected);
        });
    }

    @Test
    @DisplayName("cannot be changed, through the map or any of its views")
    void cannotBeChanged() {
        SortedAttributes attributes = SortedAttributes.of(Map.of("tier", "gold", "joined", "2024-01-01"));
        assertThatThrownBy(() -> attributes.put("tier", "silver")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> attributes.remove("tier")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(attributes::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> attributes.entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> attributes.keySet().remove("tier")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> attributes.replaceAll((name, value) -> value))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> attributes.tailMap("a").put("b", "c"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(attributes).containsExactly(Map.entry("joined", "2024-01-01"), Map.entry("tier", "gold"));
    }

    @Test
    @DisplayName("a staged member keeps sorted attributes as they are, copies any other map, and refuses a null")
    void aStagedMemberCopiesOnlyWhatCouldChange() {
        SortedAttributes sorted = SortedAttributes.of(Map.of("tier", "gold"));
        Identity ada = Identity.of("email", "ada@example.com");
        assertThat(new StagedMember(ada, sorted).attributes()).isSameAs(sorted);
        Map<String, String> mutable = new HashMap<>(Map.of("tier", "gold"));
        StagedMember member = new StagedMember(ada, mutable);
        mutable.put("tier", "silver");
        assertThat(member.attributes()).isEqualTo(Map.of("tier", "gold"));
        Map<String, String> withNull = new HashMap<>();
        withNull.put("tier", null);
        assertThatThrownBy(() -> new StagedMember(ada, withNull)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("attribute value");
    }

    @Test
    @DisplayName("a layout names each attribute once")
    void aLayoutNamesEachAttributeOnce() {
        assertThatThrownBy(() -> new SortedAttributes.Layout(List.of("tier", "tier")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tier");
    }

    private static void assertAnswersAs(SortedAttributes actual, TreeMap<String, String> expected) {
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).isEqualTo(actual);
        assertThat(actual.hashCode()).isEqualTo(expected.hashCode());
        assertThat(actual.size()).isEqualTo(expected.size());
        assertThat(actual.isEmpty()).isEqualTo(expected.isEmpty());
        assertThat(new ArrayList<>(actual.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
        assertThat(new ArrayList<>(actual.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
        assertThat(new ArrayList<>(actual.values())).isEqualTo(new ArrayList<>(expected.values()));
        List<String> walked = new ArrayList<>();
        actual.forEach((name, value) -> walked.add(name + "=" + value));
        List<String> walkedExpected = new ArrayList<>();
        expected.forEach((name, value) -> walkedExpected.add(name + "=" + value));
        assertThat(walked).isEqualTo(walkedExpected);
        assertThat(actual.toString()).isEqualTo(expected.toString());
        for (String asked : askable()) {
            assertThat(actual.get(asked)).as("get %s", asked).isEqualTo(expected.get(asked));
            assertThat(actual.containsKey(asked)).as("containsKey %s", asked).isEqualTo(expected.containsKey(asked));
        }
        // a TreeMap throws for a key it cannot compare, as the Map contract allows; these answer it is absent
        assertThat(actual.get(42)).isNull();
        assertThat(actual.containsKey(42)).isFalse();
        assertThat(actual.containsValue("gold")).isEqualTo(expected.containsValue("gold"));
        assertThat(actual.comparator()).isNull();
        if (!expected.isEmpty()) {
            assertThat(actual.firstKey()).isEqualTo(expected.firstKey());
            assertThat(actual.lastKey()).isEqualTo(expected.lastKey());
        } else {
            assertThatThrownBy(actual::firstKey).isInstanceOf(java.util.NoSuchElementException.class);
            assertThatThrownBy(actual::lastKey).isInstanceOf(java.util.NoSuchElementException.class);
        }
        assertThat(actual.headMap("tier")).isEqualTo(expected.headMap("tier"));
        assertThat(actual.tailMap("b")).isEqualTo(expected.tailMap("b"));
        assertThat(actual.subMap("a", "tier")).isEqualTo(expected.subMap("a", "tier"));
        assertThat(SortedAttributes.of(actual)).isSameAs(actual);
    }

    /** Every name drawn from, and names never drawn. */
    private static Set<String> askable() {
        Set<String> asked = new java.util.HashSet<>(NAMES);
        asked.addAll(List.of("absent", "zz", "0"));
        return asked;
    }
}
