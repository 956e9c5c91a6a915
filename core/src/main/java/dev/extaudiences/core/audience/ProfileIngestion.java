package dev.extaudiences.core.audience;

/** Whether the audience's runs write members to the profile store (the second stage of a run), or stop after the dataset. */
public enum ProfileIngestion {
    ENABLED,
    DISABLED
}
