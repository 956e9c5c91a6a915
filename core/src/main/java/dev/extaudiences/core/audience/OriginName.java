package dev.extaudiences.core.audience;

/** Where an audience comes from; external audiences always come from a custom upload. */
public enum OriginName {
    CUSTOM_UPLOAD
}
