package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.DomainException;

/** Where an audience comes from; required, and external audiences always come from a custom upload. */
public enum OriginName {
    CUSTOM_UPLOAD;

    public static OriginName parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw DomainException.invalid("originName", "is required and must be CUSTOM_UPLOAD");
        }
        if (CUSTOM_UPLOAD.name().equals(raw.trim())) {
            return CUSTOM_UPLOAD;
        }
        throw DomainException.invalid("originName", "'" + raw + "' is not supported; only CUSTOM_UPLOAD is");
    }
}
