package dev.extaudiences.core.source;

import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Require;
import java.util.Arrays;

/**
 * Where the audience's files are, relative to the root of its connection. No spaces (the contract says so) and no
 * {@code ..} segment: a path never names anything outside its root.
 */
public record SourcePath(String value) {

    public SourcePath {
        Require.maxLength(Require.noWhitespace(Require.notBlank(value, "sourceSpec.path"), "sourceSpec.path"), 1024,
                "sourceSpec.path");
        if (Arrays.stream(value.split("[/\\\\]")).anyMatch(".."::equals)) {
            throw DomainException.invalid("sourceSpec.path", "must not contain '..' segments");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
