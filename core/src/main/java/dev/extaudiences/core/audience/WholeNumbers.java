package dev.extaudiences.core.audience;

/** Whole numbers as the integer and long fields hold them. */
final class WholeNumbers {

    private WholeNumbers() {
    }

    /**
     * Whether a number that parsed is written as {@code toString} would write it (ASCII digits, as parseInt also
     * reads other scripts' digits; no sign but a leading minus; no leading zero; not {@code -0}): the common case
     * keeps its own text instead of a copy made per value.
     */
    static boolean isCanonical(String value) {
        return isCanonical(value, Integer.MAX_VALUE);
    }

    /**
     * Whether {@code value} is canonical (as above) with at most {@code digits} digits. Nine fit an int and eighteen a
     * long whatever they are, so such a value needs no parsing: parseInt, which reads each digit through the
     * Unicode tables, was a sixth of a run's reading thread.
     */
    static boolean isCanonical(String value, int digits) {
        int first = !value.isEmpty() && value.charAt(0) == '-' ? 1 : 0;
        int length = value.length() - first;
        if (length == 0 || length > digits) {
            return false;
        }
        if (value.charAt(first) == '0') {
            return value.length() == 1;
        }
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
