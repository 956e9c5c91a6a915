package dev.extaudiences.core.source;

import dev.extaudiences.core.error.DomainException;

/** Whether the path names one file or a folder whose files are all read. */
public enum SourceKind {
    FILE("file"),
    FOLDER("folder");

    private final String wireName;

    SourceKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static SourceKind parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw DomainException.invalid("sourceSpec.type", "is required");
        }
        for (SourceKind kind : values()) {
            if (kind.wireName.equalsIgnoreCase(raw.trim())) {
                return kind;
            }
        }
        throw DomainException.invalid("sourceSpec.type", "'" + raw + "' is not one of file, folder");
    }
}
