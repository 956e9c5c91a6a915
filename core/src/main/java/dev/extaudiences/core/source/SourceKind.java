package dev.extaudiences.core.source;

/** Whether the path names one file or a folder whose files are all read. */
public enum SourceKind {
    FILE,
    FOLDER
}
