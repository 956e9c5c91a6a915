package dev.extaudiences.core.source;

import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Require;
import java.util.Arrays;

/**
 * Where the audience's files are, relative to the root of its connection. No spaces (the contract says so), no
 * control characters, not absolute and no {@code ..} segment: a path never names anything outside its root, and
 * what a run would refuse is refused when the audience is created.
 */
public record SourcePath(String value) {

    public SourcePath {
        Require.maxLength(Require.noWhitespace(Require.notBlank(value, "sourceSpec.path"), "sourceSpec.path"), 1024,
                "sourceSpec.path");
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw DomainException.invalid("sourceSpec.path", "must not contain control characters");
        }
        if (value.startsWith("/") || value.startsWith("\\") || value.matches("^[A-Za-z]:.*")) {
            throw DomainException.invalid("sourceSpec.path", "must be relative to the source's root, not absolute");
        }
        if (Arrays.stream(value.split("[/\\\\]")).anyMatch(".."::equals)) {
            throw DomainException.invalid("sourceSpec.path", "must not contain '..' segments");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
