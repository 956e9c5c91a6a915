package dev.extaudiences.core.source;

import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Require;

/**
 * Where the audience's files are, relative to the root of its connection. No spaces (the contract says so), no
 * control characters, not absolute and no {@code ..} segment: a path never names anything outside its root, and
 * what a run would refuse is refused when the audience is created.
 */
public record SourcePath(String value) {

    public SourcePath {
        Require.maxLength(Require.noWhitespace(Require.notBlank(value, "sourceSpec.path"), "sourceSpec.path"), 1024,
                "sourceSpec.path");
        if (Require.any(value, Character::isISOControl)) {
            throw DomainException.invalid("sourceSpec.path", "must not contain control characters");
        }
        if (value.startsWith("/") || value.startsWith("\\") || driveLetter(value)) {
            throw DomainException.invalid("sourceSpec.path", "must be relative to the source's root, not absolute");
        }
        if (hasParentSegment(value)) {
            throw DomainException.invalid("sourceSpec.path", "must not contain '..' segments");
        }
    }

    /** {@code C:...}: absolute on Windows. */
    private static boolean driveLetter(String value) {
        return value.length() >= 2 && value.charAt(1) == ':'
                && Character.isLetter(value.charAt(0)) && value.charAt(0) < 128;
    }

    /** A {@code ..} between separators ({@code /} or {@code \\}) or the ends. */
    private static boolean hasParentSegment(String value) {
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '/' || value.charAt(i) == '\\') {
                if (i - start == 2 && value.charAt(start) == '.' && value.charAt(start + 1) == '.') {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return value;
    }
}
