package dev.extaudiences.core.upload;

import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * A file sent to be put where an audience's runs read it: its path relative to the scope's landing folder, when the
 * caller names one (an audience of a {@code file} source needs none, its own path is the only place), and its bytes,
 * streamed as they arrive.
 */
public record LandingUpload(Optional<String> path, InputStream content) {

    public LandingUpload {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
    }
}
