package dev.extaudiences.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a secret is kept, never the secret itself: {@code env:NAME} (an environment variable) or {@code file:/path}
 * (a file holding it, such as a mounted Kubernetes or Docker secret; one trailing line end is not part of it). A
 * setting holds only the reference, so a setting shown in a log or an error shows no secret.
 */
public sealed interface SecretReference {

    record Environment(String name) implements SecretReference {
        public Environment {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "env:" + name;
        }
    }

    record File(Path path) implements SecretReference {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    /** Reads {@code env:NAME} or {@code file:/path}; anything else is refused, a secret written in place above all. */
    static SecretReference parse(String raw, String what) {
        if (raw.startsWith("env:") && raw.length() > 4) {
            return new Environment(raw.substring(4));
        }
        if (raw.startsWith("file:") && raw.length() > 5) {
            return new File(Path.of(raw.substring(5)));
        }
        // the value is not echoed: it may be the secret itself
        throw new IllegalArgumentException(what + " must be a reference, env:NAME or file:/path, never the secret "
                + "itself");
    }

    /**
     * The secret now; a reference to nothing is refused naming the reference, never a value (the start then stops
     * naming the connection too).
     */
    default String resolve(Map<String, String> environment) {
        if (this instanceof Environment env) {
            String value = environment.get(env.name());
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("the environment variable " + env.name() + " is not set");
            }
            return value;
        }
        Path path = ((File) this).path();
        try {
            String value = Files.readString(path, StandardCharsets.UTF_8);
            return value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                    : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        } catch (IOException unreadable) {
            throw new IllegalArgumentException("the secret file " + path.toAbsolutePath() + " cannot be read");
        }
    }
}
