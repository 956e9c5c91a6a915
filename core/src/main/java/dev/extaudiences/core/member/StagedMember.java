package dev.extaudiences.core.member;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A member a run has read and validated but not yet merged into the audience. Its attributes are an unmodifiable
 * {@link java.util.SortedMap}, by name ({@link SortedAttributes}), so that a store writing them in order (a map per
 * row, a million rows a run) need not sort them again.
 *
 * <p>{@code spelling} is how the source wrote the identity when its namespace's rule normalised it to a different
 * string (white space around it stripped, and kept at rest as the identity is: hashed when the audience hashes), and
 * empty when it was written in the form it is matched by. It never decides membership; the merge only compares
 * spellings of one identity, to count the rows that normalisation collapsed into one member (see
 * {@link MergeOutcome#collapsed()}).
 */
public record StagedMember(Identity identity, Map<String, String> attributes, Optional<String> spelling) {

    /** A member written in the form it is matched by. */
    public StagedMember(Identity identity, Map<String, String> attributes) {
        this(identity, attributes, Optional.empty());
    }

    public StagedMember {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(spelling, "spelling");
        if (spelling.isPresent() && (spelling.get().isBlank() || spelling.get().equals(identity.value()))) {
            throw new IllegalArgumentException("a spelling is a form of the identity other than its stored one");
        }
        // sorted attributes are kept as they are: the rows of a run share their names and copy nothing
        attributes = SortedAttributes.of(attributes);
    }

    /** Whether the source wrote this identity in another form than the one it is matched by. */
    public boolean isRespelled() {
        return spelling.isPresent();
    }
}
