package dev.extaudiences.core.source;

/** The optional {@code sourceType} of a source spec; the contract knows one value. */
public enum SourceType {
    CLOUD_STORAGE
}
