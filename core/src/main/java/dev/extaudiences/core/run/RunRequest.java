package dev.extaudiences.core.run;

import java.util.Objects;

/** What a caller asks of a new run: which files (by window) and how to apply them. */
public record RunRequest(RunWindow window, IngestionMode mode) {

    public RunRequest {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * The request a caller makes with the contract's values (epoch seconds, each but the start optional): the window
     * ends when the run starts unless an end is given, and a run is differential unless asked otherwise.
     */
    public static RunRequest ofEpochSeconds(Long start, Long end, Boolean differential) {
        return new RunRequest(RunWindow.ofEpochSeconds(start, end),
                differential == null || differential ? IngestionMode.DIFFERENTIAL : IngestionMode.FULL);
    }
}
