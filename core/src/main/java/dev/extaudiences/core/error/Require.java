package dev.extaudiences.core.error;

/** Guard clauses for value constructors: each failure names the field it guards. */
public final class Require {

    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw DomainException.invalid(field, "is required");
        }
        return value;
    }

    public static String notBlank(String value, String field) {
        present(value, field);
        if (value.isBlank()) {
            throw DomainException.invalid(field, "must not be blank");
        }
        return value;
    }

    public static String maxLength(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw DomainException.invalid(field, "must be at most " + max + " characters");
        }
        return value;
    }

    public static String noWhitespace(String value, String field) {
        if (value != null && any(value, Character::isWhitespace)) {
            throw DomainException.invalid(field, "must not contain spaces");
        }
        return value;
    }

    /**
     * A name or id: whole Unicode and no control characters. Half of a surrogate pair is no character (no JSON reader
     * takes it back), and a NUL or a line break in a name breaks every log line and table it is shown in.
     */
    public static String plainText(String value, String field) {
        wholeUnicode(value, field);
        if (value != null && any(value, Character::isISOControl)) {
            throw DomainException.invalid(field, "must not contain control characters");
        }
        return value;
    }

    /** Free text (a description): whole Unicode; tabs and line breaks allowed, other control characters not. */
    public static String text(String value, String field) {
        wholeUnicode(value, field);
        if (value != null && any(value, c -> Character.isISOControl(c) && c != '\t' && c != '\n'
                && c != '\r')) {
            throw DomainException.invalid(field, "must not contain control characters other than tabs and line "
                    + "breaks");
        }
        return value;
    }

    /**
     * Whether a char of {@code value} is one {@code test} takes; a loop rather than a stream, as every stored
     * audience, operation and run read back goes through these checks (a few percent of a read's samples).
     */
    public static boolean any(String value, java.util.function.IntPredicate test) {
        for (int i = 0; i < value.length(); i++) {
            if (test.test(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static void wholeUnicode(String value, String field) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw DomainException.invalid(field, "must be whole Unicode text: it holds half of a surrogate pair "
                        + "at position " + i);
            }
        }
    }
}
