package dev.extaudiences.core.identity;

import java.util.Objects;

/** What a namespace's rule made of one identity value: the value members are matched by, or why there is none. */
public sealed interface Normalisation {

    /** The form that decides membership; it equals the raw value when the rule had nothing to change. */
    record Normalised(String value) implements Normalisation {
        public Normalised {
            Objects.requireNonNull(value, "value");
        }
    }

    record Rejected(IdentityRejection reason) implements Normalisation {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
