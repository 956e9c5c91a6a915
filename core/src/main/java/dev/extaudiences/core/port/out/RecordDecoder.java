package dev.extaudiences.core.port.out;

import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceException;
import java.io.InputStream;

/** Reads the bytes of a source file as rows: CSV, plain or compressed. */
public interface RecordDecoder {

    /** Asks the storage whether the file is still what was listed. */
    @FunctionalInterface
    interface StateCheck {
        FileState state() throws SourceException;
    }

    /**
     * The rows of the file {@code name}, read from {@code bytes} as they are asked for; {@code state} is what the
     * stream's {@link RecordStream#state()} answers. The stream closes {@code bytes}, and so does a failure to open it.
     */
    RecordStream decode(String name, InputStream bytes, StateCheck state) throws SourceException;
}
