package dev.extaudiences.core.source;

import dev.extaudiences.core.error.DomainException;

/** The optional {@code sourceType} of a source spec; the contract knows one value. */
public enum SourceType {
    CLOUD_STORAGE("Cloud Storage");

    private final String wireName;

    SourceType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static SourceType parse(String raw) {
        if (raw != null && CLOUD_STORAGE.wireName.equalsIgnoreCase(raw.trim())) {
            return CLOUD_STORAGE;
        }
        throw DomainException.invalid("sourceSpec.sourceType", "'" + raw + "' is not 'Cloud Storage'");
    }
}
