package dev.extaudiences.core.member;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * A member's attributes as an unmodifiable map in name order, held as two arrays: a run stages a million of them, and a
 * {@link TreeMap} per row (built, then copied by every staged member, then walked by the store) was a fifth of a run's
 * reading thread and most of its garbage. The names of a file's attributes are one array shared by its rows
 * ({@link Layout}); a row holds its values only.
 *
 * <p>It answers as any {@link SortedMap} does: equal to, and hashing as, every map of the same entries. The views a
 * caller rarely asks for ({@link #subMap}, {@link #headMap}, {@link #tailMap}) are unmodifiable copies.
 */
public final class SortedAttributes extends AbstractMap<String, String> implements SortedMap<String, String> {

    private static final String[] NONE = new String[0];
    private static final SortedAttributes EMPTY = new SortedAttributes(NONE, NONE);

    // as long as each other; names strictly ascending, values never null
    private final String[] names;
    private final String[] values;

    private SortedAttributes(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /**
     * {@code attributes} as sorted attributes: itself when it is one already (it cannot change), else a copy. Names
     * and values may not be null.
     */
    public static SortedAttributes of(Map<String, String> attributes) {
        if (attributes instanceof SortedAttributes sorted) {
            return sorted;
        }
        if (attributes.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, String> byName = new TreeMap<>();
        attributes.forEach((name, value) -> byName.put(Objects.requireNonNull(name, "attribute name"),
                Objects.requireNonNull(value, "attribute value")));
        String[] names = new String[byName.size()];
        String[] values = new String[byName.size()];
        int i = 0;
        for (Map.Entry<String, String> entry : byName.entrySet()) {
            names[i] = entry.getKey();
            values[i++] = entry.getValue();
        }
        return new SortedAttributes(names, values);
    }

    /**
     * The attribute names of one file, sorted once, and the rows' values laid out in their order: a row's
     * attributes are then its values only, whatever fields a row leaves empty.
     */
    public static final class Layout {
        private final String[] names;

        /** The names in any order, none twice. */
        public Layout(Iterable<String> names) {
            TreeSet<String> sorted = new TreeSet<>();
            for (String name : names) {
                if (!sorted.add(Objects.requireNonNull(name, "attribute name"))) {
                    throw new IllegalArgumentException("the attribute " + name + " is named twice");
                }
            }
            this.names = sorted.toArray(NONE);
        }

        /** How many names there are: the length of a row's values. */
        public int size() {
            return names.length;
        }

        /** Where {@code name}'s value goes in a row's values. */
        public int positionOf(String name) {
            int at = Arrays.binarySearch(names, name);
            if (at < 0) {
                throw new IllegalArgumentException("no attribute is named " + name);
            }
            return at;
        }

        /**
         * The attributes of a row whose values, by position, are {@code values} (null where the row has none). The
         * array becomes the attributes' own: the caller lets go of it.
         */
        public SortedAttributes row(String[] values) {
            if (values.length != names.length) {
                throw new IllegalArgumentException("a row of this layout has " + names.length + " values, not "
                        + values.length);
            }
            int present = 0;
            for (String value : values) {
                if (value != null) {
                    present++;
                }
            }
            if (present == names.length) {
                return new SortedAttributes(names, values);
            }
            if (present == 0) {
                return EMPTY;
            }
            String[] someNames = new String[present];
            String[] someValues = new String[present];
            int to = 0;
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    someNames[to] = names[i];
                    someValues[to++] = values[i];
                }
            }
            return new SortedAttributes(someNames, someValues);
        }
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public boolean isEmpty() {
        return names.length == 0;
    }

    @Override
    public String get(Object name) {
        int at = indexOf(name);
        return at < 0 ? null : values[at];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    private int indexOf(Object name) {
        return name instanceof String ? Arrays.binarySearch(names, name) : -1;
    }

    /** In name order, without an entry made per attribute. */
    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < names.length; i++) {
            action.accept(names[i], values[i]);
        }
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, String> entry = new SimpleImmutableEntry<>(names[next], values[next]);
                        next++;
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }

    /** Names in their natural order. */
    @Override
    public Comparator<? super String> comparator() {
        return null;
    }

    @Override
    public String firstKey() {
        if (names.length == 0) {
            throw new NoSuchElementException("no attributes");
        }
        return names[0];
    }

    @Override
    public String lastKey() {
        if (names.length == 0) {
            throw new NoSuchElementException("no attributes");
        }
        return names[names.length - 1];
    }

    @Override
    public SortedMap<String, String> subMap(String fromName, String toName) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(fromName, toName));
    }

    @Override
    public SortedMap<String, String> headMap(String toName) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(toName));
    }

    @Override
    public SortedMap<String, String> tailMap(String fromName) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(fromName));
    }
}
