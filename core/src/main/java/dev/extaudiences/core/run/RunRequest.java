package dev.extaudiences.core.run;

import java.util.Objects;

/** What a caller asks of a new run: which files (by window) and how to apply them. */
public record RunRequest(RunWindow window, IngestionMode mode) {

    public RunRequest {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(mode, "mode");
    }

    /** Builds a request from the wire's values; the start is required, the rest have defaults. */
    public static RunRequest fromWire(Long dataFilterStartTime, Long dataFilterEndTime, Boolean differentialIngestion) {
        return new RunRequest(RunWindow.ofEpochSeconds(dataFilterStartTime, dataFilterEndTime),
                IngestionMode.fromWire(differentialIngestion));
    }
}
