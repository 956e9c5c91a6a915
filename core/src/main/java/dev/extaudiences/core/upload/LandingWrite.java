package dev.extaudiences.core.upload;

import dev.extaudiences.core.source.SourceFile;
import java.util.Objects;

/** What writing a file into the landing zone came to: the closed set of its outcomes. */
public sealed interface LandingWrite {

    /** The file is in place, whole, as a run will list it. */
    record Written(SourceFile file) implements LandingWrite {
        public Written {
            Objects.requireNonNull(file, "file");
        }
    }

    /** The content held more than the limit; nothing of it was kept. */
    record TooLarge(UploadLimit limit) implements LandingWrite {
        public TooLarge {
            Objects.requireNonNull(limit, "limit");
        }
    }

    /**
     * The path cannot be written by a means only the storage knows (a link out of the scope's folder, a folder where
     * the file would go); {@code reason} says which. Nothing was kept.
     */
    record Refused(String reason) implements LandingWrite {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
